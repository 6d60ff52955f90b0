"""Children in care's API routes, included into the "api" namespace by joinedup/api/urls.py."""

from django.urls import path

from .api import ChildCareEpisodeListApi, ChildPlacementListApi

urlpatterns = [
    path("children/<int:child_id>/care-episodes/", ChildCareEpisodeListApi.as_view(), name="child_care_episodes"),
    path("children/<int:child_id>/placements/", ChildPlacementListApi.as_view(), name="child_placements"),
]
