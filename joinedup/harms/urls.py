from django.urls import path

from . import views

app_name = "harms"
urlpatterns = [
    path("harms/", views.harm_definitions, name="definitions"),
]
