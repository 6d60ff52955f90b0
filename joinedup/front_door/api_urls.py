"""The front door's API routes, included into the "api" namespace by joinedup/api/urls.py."""

from django.urls import path

from .api import ContactCreateApi, ContactStatusApi, QueueListApi

urlpatterns = [
    path("contacts/", ContactCreateApi.as_view(), name="contacts"),
    path("contacts/<int:contact_id>/", ContactStatusApi.as_view(), name="contact"),
    path("front-door/queue/", QueueListApi.as_view(), name="front_door_queue"),
]
