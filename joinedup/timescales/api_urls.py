"""Timescales' API routes, included into the "api" namespace by joinedup/api/urls.py."""

from django.urls import path

from .api import DeadlineListApi

urlpatterns = [
    path("deadlines/", DeadlineListApi.as_view(), name="deadlines"),
]
