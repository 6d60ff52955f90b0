from django.urls import path

from . import views

app_name = "partnership"

urlpatterns = [
    path("partnership/inequalities/", views.inequality_actions, name="inequality_actions"),
    path("partnership/inequalities/new/", views.inequality_action_new, name="inequality_action_new"),
    path("partnership/inequalities/<int:inequality_action_id>/", views.inequality_action, name="inequality_action"),
]
