"""Child protection's API routes, included into the "api" namespace by joinedup/api/urls.py."""

from django.urls import path

from .api import CpIsFeedApi, CpIsPlanListApi

urlpatterns = [
    path("child-protection/cp-is/", CpIsPlanListApi.as_view(), name="child_protection_cp_is"),
    path("child-protection/cp-is/feed/", CpIsFeedApi.as_view(), name="child_protection_cp_is_feed"),
]
