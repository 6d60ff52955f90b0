from django.urls import include, path

from joinedup.ui import views as ui_views

urlpatterns = [
    path("healthz", ui_views.healthz, name="healthz"),
    path("api/v1/", include("joinedup.api.urls")),
    path("", include("joinedup.accounts.urls")),
    path("", include("joinedup.access.urls")),
    path("", include("joinedup.records.urls")),
    path("", include("joinedup.timescales.urls")),
    path("", include("joinedup.harms.urls")),
    path("", include("joinedup.front_door.urls")),
    path("", include("joinedup.children_in_care.urls")),
    path("", include("joinedup.care_leavers.urls")),
    path("", include("joinedup.returns.urls")),
    path("", include("joinedup.imports.urls")),
    path("", include("joinedup.insight.urls")),
    path("", include("joinedup.partnership.urls")),
    path("", include("joinedup.child_protection.urls")),
    path("", include("joinedup.case_record.urls")),
    path("", include("joinedup.visits.urls")),
    path("", include("joinedup.chronology.urls")),
    path("", include("joinedup.sharing.urls")),
    path("", include("joinedup.assessments.urls")),
    path("", include("joinedup.family_help.urls")),
    path("", include("joinedup.oversight.urls")),
    path("", include("joinedup.learning.urls")),
    path("", include("joinedup.ui.urls")),
]

handler400 = "joinedup.ui.views.error_400"
handler403 = "joinedup.ui.views.error_403"
handler404 = "joinedup.ui.views.error_404"
handler500 = "joinedup.ui.views.error_500"
