"""The chronology's API routes, included into the "api" namespace by joinedup/api/urls.py."""

from django.urls import path

from .api import ChildChronologyApi

urlpatterns = [
    path("children/<int:child_id>/chronology/", ChildChronologyApi.as_view(), name="child_chronology"),
]
