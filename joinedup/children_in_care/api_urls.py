"""Children in care's API routes, included into the "api" namespace by joinedup/api/urls.py."""

from django.urls import path

from .api import (
    ChildAdoptionDecisionListApi,
    ChildCareEpisodeListApi,
    ChildDeprivationOfLibertyOrderListApi,
    ChildPlacementListApi,
)

urlpatterns = [
    path("children/<int:child_id>/care-episodes/", ChildCareEpisodeListApi.as_view(), name="child_care_episodes"),
    path("children/<int:child_id>/placements/", ChildPlacementListApi.as_view(), name="child_placements"),
    path(
        "children/<int:child_id>/adoption-decisions/",
        ChildAdoptionDecisionListApi.as_view(),
        name="child_adoption_decisions",
    ),
    path(
        "children/<int:child_id>/deprivation-of-liberty-orders/",
        ChildDeprivationOfLibertyOrderListApi.as_view(),
        name="child_deprivation_of_liberty_orders",
    ),
]
