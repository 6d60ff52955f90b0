from django.urls import path

from . import views

app_name = "timescales"
urlpatterns = [
    path("my-work/", views.my_work, name="my_work"),
    path("my-work/team/", views.team_work, name="team_work"),
    path("my-work/team/<int:worker_id>/", views.worker_work, name="worker_work"),
    path("timescales/timeliness/", views.timeliness, name="timeliness"),
    path("timescales/local-rules/", views.local_rules, name="local_rules"),
    path(
        "timescales/local-rules/<str:rule_code>/<str:interval>/<int:period>/",
        views.local_rule_change,
        name="local_rule_change",
    ),
]
