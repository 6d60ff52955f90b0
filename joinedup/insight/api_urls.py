"""Insight's API routes, included into the "api" namespace by joinedup/api/urls.py."""

from django.urls import path

from .api import DashboardApi, DisproportionalityApi

urlpatterns = [
    path("insight/dashboard/", DashboardApi.as_view(), name="insight_dashboard"),
    path("insight/disproportionality/", DisproportionalityApi.as_view(), name="insight_disproportionality"),
]
