"""The case record's API routes, included into the "api" namespace by joinedup/api/urls.py."""

from django.urls import path

from .api import ChildCaseNoteListApi

urlpatterns = [
    path("children/<int:child_id>/case-notes/", ChildCaseNoteListApi.as_view(), name="child_case_notes"),
]
