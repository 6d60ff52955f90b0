from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path(
        "children/<int:child_id>/referrals/<int:referral_id>/assessment/",
        views.assessment_start,
        name="assessment_start",
    ),
    path("children/<int:child_id>/birth/", views.birth_record, name="birth_record"),
    path("children/<int:child_id>/expected-date/", views.expected_date_change, name="expected_date_change"),
    path("assessments/<int:assessment_id>/", views.assessment, name="assessment"),
    path("assessments/<int:assessment_id>/record/", views.assessment_record, name="assessment_record"),
    path("assessments/<int:assessment_id>/prompts/", views.assessment_prompts, name="assessment_prompts"),
    path("assessments/<int:assessment_id>/authorise/", views.assessment_authorise, name="assessment_authorise"),
    path("practice-prompts/", views.practice_prompts, name="practice_prompts"),
    path("practice-prompts/new/", views.practice_prompt_edit, name="practice_prompt_new"),
    path("practice-prompts/<int:prompt_id>/", views.practice_prompt_edit, name="practice_prompt_edit"),
]
