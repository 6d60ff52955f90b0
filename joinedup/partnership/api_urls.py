"""The partnership's API routes, included into the "api" namespace by joinedup/api/urls.py."""

from django.urls import path

from .api import InequalityActionDetailApi, InequalityActionListApi, ScrutinyFindingListApi

urlpatterns = [
    path("inequality-actions/", InequalityActionListApi.as_view(), name="inequality_actions"),
    path(
        "inequality-actions/<int:inequality_action_id>/",
        InequalityActionDetailApi.as_view(),
        name="inequality_action",
    ),
    path("scrutiny-findings/", ScrutinyFindingListApi.as_view(), name="scrutiny_findings"),
]
