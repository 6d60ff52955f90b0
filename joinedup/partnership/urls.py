from django.urls import path

from . import views

app_name = "partnership"

urlpatterns = [
    path("partnership/inequalities/", views.inequality_actions, name="inequality_actions"),
    path("partnership/inequalities/new/", views.inequality_action_new, name="inequality_action_new"),
    path("partnership/inequalities/<int:inequality_action_id>/", views.inequality_action, name="inequality_action"),
    path("partnership/scrutiny/", views.scrutiny_findings, name="scrutiny_findings"),
    path("partnership/scrutiny/new/", views.scrutiny_finding_new, name="scrutiny_finding_new"),
    path("partnership/scrutiny/<int:finding_id>/", views.scrutiny_finding, name="scrutiny_finding"),
    path("partnership/reports/", views.reports, name="reports"),
    path("partnership/reports/<int:year>/", views.yearly_report, name="report"),
    path("partnership/reports/<int:year>/report.pdf", views.report_pdf, name="report_pdf"),
    path("partnership/reports/<int:year>/publish/", views.report_publish, name="report_publish"),
    path("partnership/reports/<int:year>/narrative/<slug:section>/", views.report_narrative, name="report_narrative"),
]
