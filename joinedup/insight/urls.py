from django.urls import path

from . import views

app_name = "insight"

urlpatterns = [
    path("insight/", views.dashboards, name="dashboards"),
    path("insight/disproportionality/", views.disproportionality, name="disproportionality"),
]
