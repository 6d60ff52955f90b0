"""Assessment and Family Help API routes, included into the "api" namespace by joinedup/api/urls.py."""

from django.urls import path

from .api import ChildAssessmentListApi, FamilyHelpCaseDetailApi, FamilyHelpCaseListApi

urlpatterns = [
    path("family-help-cases/", FamilyHelpCaseListApi.as_view(), name="family_help_cases"),
    path("family-help-cases/<int:case_id>/", FamilyHelpCaseDetailApi.as_view(), name="family_help_case"),
    path("children/<int:child_id>/assessments/", ChildAssessmentListApi.as_view(), name="child_assessments"),
]
