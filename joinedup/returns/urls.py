from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [
    path("returns/", views.returns_index, name="index"),
    path("returns/<int:run_id>/", views.run_detail, name="run"),
    path("returns/<int:run_id>/download/", views.run_download, name="download"),
    path("returns/annex-a.xlsx", views.annex_a_download, name="annex_a"),
]
