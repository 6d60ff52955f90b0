from django.urls import path

from . import views

app_name = "care_leavers"

_child = "children/<int:child_id>/leaving-care/"
urlpatterns = [
    path("care-leavers/", views.care_leavers, name="care_leavers"),
    path(_child, views.leaving_care, name="leaving_care"),
    path(f"{_child}eligible/", views.eligible_child_record, name="eligible_child_record"),
    path(f"{_child}needs-assessment/", views.needs_assessment_record, name="needs_assessment_record"),
    path(f"{_child}pathway-plan/", views.pathway_plan_record, name="pathway_plan_record"),
    path(f"{_child}pathway-plan/review/", views.pathway_plan_review_record, name="pathway_plan_review_record"),
    path(f"{_child}personal-adviser/", views.personal_adviser_appoint, name="personal_adviser_appoint"),
    path(f"{_child}support-to-25/", views.support_to_25_request, name="support_to_25_request"),
    path(f"{_child}circumstances/", views.circumstances_record, name="circumstances_record"),
    path(f"{_child}staying-put/", views.staying_put_start, name="staying_put_start"),
    path(f"{_child}staying-put/end/", views.staying_put_end, name="staying_put_end"),
]
