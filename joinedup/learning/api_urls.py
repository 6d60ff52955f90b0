"""Learning from serious incidents in the API, included into the "api" namespace by joinedup/api/urls.py."""

from django.urls import path

from .api import (
    ChildSeriousIncidentCreateApi,
    LearningActionCompleteApi,
    LearningActionListApi,
    LearningActionProgressApi,
    SeriousIncidentDetailApi,
    SeriousIncidentListApi,
    SeriousIncidentNotificationApi,
)

urlpatterns = [
    path("serious-incidents/", SeriousIncidentListApi.as_view(), name="serious_incidents"),
    path("serious-incidents/<int:incident_id>/", SeriousIncidentDetailApi.as_view(), name="serious_incident"),
    path(
        "serious-incidents/<int:incident_id>/notification/",
        SeriousIncidentNotificationApi.as_view(),
        name="serious_incident_notification",
    ),
    path(
        "children/<int:child_id>/serious-incidents/",
        ChildSeriousIncidentCreateApi.as_view(),
        name="child_serious_incidents",
    ),
    path("learning-actions/", LearningActionListApi.as_view(), name="learning_actions"),
    path("learning-actions/<int:action_id>/progress/", LearningActionProgressApi.as_view(), name="learning_progress"),
    path("learning-actions/<int:action_id>/complete/", LearningActionCompleteApi.as_view(), name="learning_complete"),
]
