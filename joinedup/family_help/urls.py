from django.urls import path

from . import views

app_name = "family_help"

_case = "family-help/<int:case_id>/"
urlpatterns = [
    # The child's assessments and Family Help together (the record's "Assessment and Family Help" section).
    path("children/<int:child_id>/assessment-and-family-help/", views.child_overview, name="child_overview"),
    path("assessments/<int:assessment_id>/family-help/", views.family_help_open, name="family_help_open"),
    path(_case, views.family_record, name="family_record"),
    path(f"{_case}plan/", views.plan_agree, name="plan_agree"),
    path(f"{_case}review/", views.review_record, name="review_record"),
    path(f"{_case}network/", views.network_add, name="network_add"),
    path(f"{_case}network/<int:member_id>/", views.network_member_engagement, name="network_member_engagement"),
    path(f"{_case}plan/actions/<int:action_id>/", views.plan_action_status, name="plan_action_status"),
    path(f"{_case}family-group-decision-making/", views.fgdm_offer, name="fgdm_offer"),
    path(f"{_case}family-group-decision-making/<int:fgdm_id>/answer/", views.fgdm_response, name="fgdm_response"),
    path(f"{_case}family-group-decision-making/<int:fgdm_id>/meeting/", views.fgdm_meeting, name="fgdm_meeting"),
    path(f"{_case}step-up/", views.step_up, name="step_up"),
    path(f"{_case}step-down/", views.step_down, name="step_down"),
    path(f"{_case}close/", views.close, name="close"),
    path(f"{_case}team/", views.team_member_add, name="team_member_add"),
    path(f"{_case}lead-practitioner/", views.lead_change, name="lead_change"),
]
