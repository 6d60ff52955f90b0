"""Professional challenge and shared events in the API, included into the "api" namespace by joinedup/api/urls.py."""

from django.urls import path

from .api import (
    ChallengeDetailApi,
    ChallengeEscalateApi,
    ChallengeListApi,
    ChallengeResolveApi,
    ChallengeRespondApi,
    ChildChallengeCreateApi,
    ChildSharedEventCreateApi,
)

urlpatterns = [
    path("challenges/", ChallengeListApi.as_view(), name="challenges"),
    path("challenges/<int:challenge_id>/", ChallengeDetailApi.as_view(), name="challenge"),
    path("challenges/<int:challenge_id>/respond/", ChallengeRespondApi.as_view(), name="challenge_respond"),
    path("challenges/<int:challenge_id>/escalate/", ChallengeEscalateApi.as_view(), name="challenge_escalate"),
    path("challenges/<int:challenge_id>/resolve/", ChallengeResolveApi.as_view(), name="challenge_resolve"),
    path("children/<int:child_id>/challenges/", ChildChallengeCreateApi.as_view(), name="child_challenges"),
    path("children/<int:child_id>/shared-events/", ChildSharedEventCreateApi.as_view(), name="child_shared_events"),
]
