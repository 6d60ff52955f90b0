from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("bring-in-history/", views.history, name="history"),
    path("bring-in-history/confirm/", views.history_confirm, name="history_confirm"),
]
