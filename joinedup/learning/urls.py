from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("children/<int:child_id>/serious-incident/", views.incident_new, name="incident_new"),
    path("learning/incidents/", views.incidents, name="incidents"),
    path("learning/incidents/<int:incident_id>/", views.incident, name="incident"),
    path("learning/incidents/<int:incident_id>/notification/", views.incident_notify, name="notify"),
    path("learning/incidents/<int:incident_id>/rapid-review/", views.rapid_review_start, name="rapid_review_start"),
    path("learning/incidents/<int:incident_id>/decision/", views.rapid_review_decide, name="decide"),
    path("learning/incidents/<int:incident_id>/local-review/", views.local_review_plan, name="local_review"),
    path("learning/incidents/<int:incident_id>/local-review/milestone/", views.milestone_new, name="milestone_new"),
    path("learning/incidents/<int:incident_id>/local-review/publication/", views.local_review_publish, name="publish"),
    path("learning/incidents/<int:incident_id>/recommendation/", views.recommendation_new, name="recommendation_new"),
    path(
        "learning/incidents/<int:incident_id>/recommendations/<int:recommendation_id>/action/",
        views.action_new,
        name="action_new",
    ),
    path("learning/contributions/<int:contribution_id>/", views.contribution, name="contribution"),
    path("learning/actions/", views.actions, name="actions"),
    path("learning/actions/<int:action_id>/", views.action, name="action"),
    path("learning/log/", views.learning_log, name="log"),
]
