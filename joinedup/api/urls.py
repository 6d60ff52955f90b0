from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from .children import ChildDetailApi, ChildListApi, NetworkPersonChangeApi

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("children/", ChildListApi.as_view(), name="children"),
    path("children/<int:child_id>/", ChildDetailApi.as_view(), name="child"),
    path(
        "children/<int:child_id>/people/<int:person_id>/",
        NetworkPersonChangeApi.as_view(),
        name="network_person_change",
    ),
    path("", include("joinedup.timescales.api_urls")),
    path("", include("joinedup.front_door.api_urls")),
    path("", include("joinedup.children_in_care.api_urls")),
    path("", include("joinedup.case_record.api_urls")),
    path("", include("joinedup.visits.api_urls")),
    path("", include("joinedup.chronology.api_urls")),
    path("", include("joinedup.sharing.api_urls")),
    path("", include("joinedup.insight.api_urls")),
    path("", include("joinedup.partnership.api_urls")),
    path("", include("joinedup.child_protection.api_urls")),
    path("", include("joinedup.family_help.api_urls")),
    path("", include("joinedup.access.api_urls")),
    path("", include("joinedup.learning.api_urls")),
]
