from django.urls import path

from . import views

app_name = "children_in_care"

_child = "children/<int:child_id>/care/"
urlpatterns = [
    path("children-in-care/", views.children_in_care, name="children_in_care"),
    path(_child, views.care_history, name="care_history"),
    path(f"{_child}episodes/", views.care_episodes, name="care_episodes"),
    path(f"{_child}start/", views.looked_after_start, name="looked_after_start"),
    path(f"{_child}start/correct/", views.looked_after_start_correct, name="looked_after_start_correct"),
    path(f"{_child}placement/", views.placement_move, name="placement_move"),
    path(f"{_child}legal-status/", views.legal_status_change, name="legal_status_change"),
    path(f"{_child}end/", views.looked_after_end, name="looked_after_end"),
    path(f"{_child}care-plan/", views.care_plan_record, name="care_plan_record"),
    path(f"{_child}placement-plan/", views.placement_plan_record, name="placement_plan_record"),
    path(f"{_child}review/", views.review_record, name="review_record"),
    path(f"{_child}visit/", views.visit_record, name="visit_record"),
    path(f"{_child}independent-reviewing-officer/", views.independent_reviewing_officer_appoint, name="iro_appoint"),
    path(f"{_child}partners/", views.care_partner_add, name="care_partner_add"),
    path(f"{_child}health-assessment/", views.health_assessment_record, name="health_assessment_record"),
    path(f"{_child}dental-check/", views.dental_check_record, name="dental_check_record"),
    path(f"{_child}immunisations/", views.immunisation_record, name="immunisation_record"),
    path(f"{_child}strengths-and-difficulties/", views.sdq_record, name="sdq_record"),
    path(f"{_child}education-plan/", views.personal_education_plan_record, name="personal_education_plan_record"),
    path(f"{_child}school/", views.school_change_record, name="school_change_record"),
    path(f"{_child}missing/", views.missing_episode_start, name="missing_episode_start"),
    path(f"{_child}missing/<int:episode_id>/return/", views.missing_episode_end, name="missing_episode_end"),
    path(
        f"{_child}missing/<int:episode_id>/return-home-interview/",
        views.return_home_interview_record,
        name="return_home_interview_record",
    ),
    path(f"{_child}adoption/", views.adoption, name="adoption"),
    path(f"{_child}adoption/decision/", views.adoption_decision_record, name="adoption_decision_record"),
    path(
        f"{_child}adoption/decision/<int:decision_id>/correct/",
        views.adoption_decision_correct,
        name="adoption_decision_correct",
    ),
    path(
        f"{_child}adoption/decision/<int:decision_id>/reverse/",
        views.adoption_decision_reverse,
        name="adoption_decision_reverse",
    ),
    path(
        f"{_child}adoption/decision/<int:decision_id>/match/", views.adopter_match_record, name="adopter_match_record"
    ),
    path(
        f"{_child}adoption/deprivation-of-liberty/",
        views.deprivation_of_liberty_order_record,
        name="deprivation_of_liberty_order_record",
    ),
    path(
        f"{_child}adoption/deprivation-of-liberty/<int:order_id>/end/",
        views.deprivation_of_liberty_order_end,
        name="deprivation_of_liberty_order_end",
    ),
    path(
        f"{_child}adoption/deprivation-of-liberty/<int:order_id>/correct/",
        views.deprivation_of_liberty_order_correct,
        name="deprivation_of_liberty_order_correct",
    ),
]
