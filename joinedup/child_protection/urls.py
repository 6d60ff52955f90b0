from django.urls import path

from . import views

app_name = "child_protection"

_child = "children/<int:child_id>/child-protection/"
_cp = "child-protection/"
urlpatterns = [
    path(_child, views.record, name="record"),
    path(f"{_child}strategy-discussion/", views.strategy_discussion_new, name="strategy_discussion_new"),
    path(f"{_child}conference/", views.conference_arrange, name="conference_arrange"),
    path(f"{_child}transfer-in/", views.transfer_in_new, name="transfer_in_new"),
    path(f"{_child}pre-proceedings/", views.pre_proceedings_new, name="pre_proceedings_new"),
    path(
        f"{_cp}strategy-discussions/<int:discussion_id>/contribution/",
        views.contribution_new,
        name="contribution_new",
    ),
    path(f"{_cp}strategy-actions/<int:action_id>/done/", views.strategy_action_done, name="strategy_action_done"),
    path(f"{_cp}enquiries/<int:enquiry_id>/", views.enquiry_record, name="enquiry_record"),
    path(f"{_cp}conferences/<int:conference_id>/", views.conference_pack, name="conference"),
    path(f"{_cp}conferences/<int:conference_id>/outcome/", views.conference_outcome, name="conference_outcome"),
    path(f"{_cp}conferences/<int:conference_id>/report/", views.agency_report, name="agency_report"),
    path(f"{_cp}conferences/<int:conference_id>/minutes/share/", views.minutes_share, name="minutes_share"),
    path(f"{_cp}conferences/<int:conference_id>/minutes/parents/", views.parents_minutes, name="parents_minutes"),
    path(f"{_cp}plans/<int:plan_id>/core-group/", views.core_group_new, name="core_group_new"),
    path(f"{_cp}plans/<int:plan_id>/visit/", views.visit_new, name="visit_new"),
    path(f"{_cp}plans/<int:plan_id>/action/", views.action_new, name="action_new"),
    path(f"{_cp}plan-actions/<int:action_id>/", views.action_update, name="action_update"),
    path(
        f"{_cp}pre-proceedings/<int:record_id>/meeting/",
        views.pre_proceedings_meeting_new,
        name="pre_proceedings_meeting_new",
    ),
    path(f"{_cp}pre-proceedings/<int:record_id>/end/", views.pre_proceedings_end, name="pre_proceedings_end"),
    path(
        f"{_cp}pre-proceedings/<int:record_id>/fgdm-answer/",
        views.pre_proceedings_fgdm_response,
        name="pre_proceedings_fgdm_response",
    ),
    path(
        f"{_cp}pre-proceedings/<int:record_id>/fgdm-meeting/",
        views.pre_proceedings_fgdm_meeting,
        name="pre_proceedings_fgdm_meeting",
    ),
    path(f"{_cp}reports/", views.reports, name="reports"),
]
