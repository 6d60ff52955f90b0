from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("allocations/", views.awaiting_allocation, name="awaiting_allocation"),
    path("children/<int:child_id>/allocate/", views.allocate, name="allocate"),
    path("allocations/<int:involvement_id>/keep-with-worker/", views.keep_with_worker, name="keep_with_worker"),
    path("oversight/", views.oversight, name="oversight"),
    path("supervision/<int:record_id>/sign-off/", views.supervision_sign_off, name="supervision_sign_off"),
    path("supervision/actions/<int:action_id>/done/", views.supervision_action_done, name="supervision_action_done"),
]
