from django.urls import path

from . import views

app_name = "records"
urlpatterns = [
    path("", views.home, name="home"),
    path("people/search/", views.search, name="search"),
    path("children/", views.child_list, name="child_list"),
    path("children/new/", views.child_create, name="child_create"),
    path("children/<int:child_id>/", views.child_record, name="child_record"),
    path(
        "children/<int:child_id>/previous-abuse-or-neglect/",
        views.previous_abuse_or_neglect,
        name="previous_abuse_or_neglect",
    ),
    path(
        "children/<int:child_id>/previous-abuse-or-neglect/remove/",
        views.previous_abuse_or_neglect,
        {"removing": True},
        name="previous_abuse_or_neglect_remove",
    ),
    path("children/<int:child_id>/access-log/", views.child_access_log, name="child_access_log"),
    path("children/<int:child_id>/merge/", views.child_merge, name="child_merge"),
    path("children/<int:child_id>/family/add/", views.child_family_add, name="child_family_add"),
    path("children/<int:child_id>/family/", views.child_family, name="child_family"),
    path("children/<int:child_id>/change/", views.person_change, name="child_change"),
    path("children/<int:child_id>/changes/", views.child_changes, name="child_changes"),
    path("children/<int:child_id>/move/", views.household_move, name="household_move"),
    path("children/<int:child_id>/family/<int:person_id>/change/", views.person_change, name="person_change"),
    path("children/<int:child_id>/family/<int:person_id>/moved-out/", views.household_leave, name="household_leave"),
    path(
        "children/<int:child_id>/relationships/<int:relationship_id>/end/",
        views.relationship_end,
        name="relationship_end",
    ),
]
