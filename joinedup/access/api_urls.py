"""Access's API routes (issue 20: joiners, movers and leavers), included into the "api" namespace by
joinedup/api/urls.py."""

from django.urls import path

from . import staff_api

urlpatterns = [
    path("organisations/", staff_api.OrganisationListApi.as_view(), name="organisations"),
    path("organisations/<int:organisation_id>/", staff_api.OrganisationDetailApi.as_view(), name="organisation"),
    path("teams/", staff_api.TeamListApi.as_view(), name="teams"),
    path("teams/<int:team_id>/", staff_api.TeamDetailApi.as_view(), name="team"),
    path("practitioners/", staff_api.PractitionerListApi.as_view(), name="practitioners"),
    path("practitioners/<int:practitioner_id>/", staff_api.PractitionerDetailApi.as_view(), name="practitioner"),
    path(
        "practitioners/<int:practitioner_id>/invite/",
        staff_api.PractitionerInviteApi.as_view(),
        name="practitioner_invite",
    ),
    path(
        "practitioners/<int:practitioner_id>/move/", staff_api.PractitionerMoveApi.as_view(), name="practitioner_move"
    ),
    path(
        "practitioners/<int:practitioner_id>/deactivate/",
        staff_api.PractitionerDeactivateApi.as_view(),
        name="practitioner_deactivate",
    ),
]
