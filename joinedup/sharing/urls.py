from django.urls import path

from . import views

app_name = "sharing"
urlpatterns = [
    path("children/<int:child_id>/share-event/", views.share_event, name="share_event"),
    path("children/<int:child_id>/challenge/", views.challenge_new, name="challenge_new"),
    path("challenges/", views.challenges, name="challenges"),
    path("challenges/<int:challenge_id>/", views.challenge, name="challenge"),
]
