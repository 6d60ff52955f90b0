"""The visits API's routes, included into the "api" namespace by joinedup/api/urls.py."""

from django.urls import path

from .api import ChildVisitListApi

urlpatterns = [
    path("children/<int:child_id>/visits/", ChildVisitListApi.as_view(), name="child_visits"),
]
