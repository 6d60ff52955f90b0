from django.urls import path

from . import partner_system_views, staff_views, views

app_name = "access"
urlpatterns = [
    path("children/<int:child_id>/break-glass/", views.break_glass, name="break_glass"),
    path("children/<int:child_id>/break-glass/record/", views.break_glass_write, name="break_glass_write"),
    path("break-glass/<int:access_id>/review/", views.break_glass_review, name="break_glass_review"),
    path("restricted-records/", views.restricted_records, name="restricted_records"),
    path("enrolment-links/", views.enrolment_links, name="enrolment_links"),
    path("sign-in/set-password/", staff_views.invitation_password, name="invitation_password"),
    path("sign-in/enrol/", views.enrol_second_factor, name="enrol_second_factor"),
    path("sign-in/enrol/<str:token>/", views.enrolment_link_open, name="enrolment_link_open"),
    path("account/authenticator-app/", views.replace_second_factor, name="replace_second_factor"),
    # Partner systems and their API tokens (issue 26): the administrator's pages.
    path("partner-systems/", partner_system_views.partner_systems, name="partner_systems"),
    path("partner-systems/new/", partner_system_views.partner_system_new, name="partner_system_new"),
    path(
        "partner-systems/<int:partner_system_id>/tokens/new/",
        partner_system_views.api_token_issue,
        name="api_token_issue",
    ),
    path(
        "partner-systems/tokens/<int:token_id>/rotate/", partner_system_views.api_token_rotate, name="api_token_rotate"
    ),
    path(
        "partner-systems/tokens/<int:token_id>/revoke/", partner_system_views.api_token_revoke, name="api_token_revoke"
    ),
    # Joiners, movers and leavers (issue 20): the administrator's pages.
    path("staff/", staff_views.organisations, name="staff_organisations"),
    path("staff/organisations/new/", staff_views.organisation_new, name="staff_organisation_new"),
    path("staff/organisations/<int:organisation_id>/", staff_views.organisation, name="staff_organisation"),
    path(
        "staff/organisations/<int:organisation_id>/change/",
        staff_views.organisation_change,
        name="staff_organisation_change",
    ),
    path("staff/organisations/<int:organisation_id>/teams/new/", staff_views.team_new, name="staff_team_new"),
    path("staff/teams/<int:team_id>/change/", staff_views.team_change, name="staff_team_change"),
    path(
        "staff/organisations/<int:organisation_id>/people/new/",
        staff_views.practitioner_new,
        name="staff_practitioner_new",
    ),
    path("staff/people/<int:practitioner_id>/", staff_views.practitioner, name="staff_practitioner"),
    path(
        "staff/people/<int:practitioner_id>/change/",
        staff_views.practitioner_change,
        name="staff_practitioner_change",
    ),
    path(
        "staff/people/<int:practitioner_id>/invite/",
        staff_views.practitioner_invite,
        name="staff_practitioner_invite",
    ),
    path("staff/people/<int:practitioner_id>/move/", staff_views.practitioner_move, name="staff_practitioner_move"),
    path(
        "staff/people/<int:practitioner_id>/deactivate/",
        staff_views.practitioner_deactivate,
        name="staff_practitioner_deactivate",
    ),
]
