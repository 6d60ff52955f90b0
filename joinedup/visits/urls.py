from django.urls import path

from . import views

app_name = "visits"
_child = "children/<int:child_id>/"
urlpatterns = [
    path(f"{_child}visits/", views.visits, name="visits"),
    path(f"{_child}visits/new/", views.visit_new, name="visit_new"),
    path(f"{_child}visits/autosave/", views.visit_autosave, name="visit_autosave"),
    path(f"{_child}visits/<int:visit_id>/", views.visit, name="visit"),
]
