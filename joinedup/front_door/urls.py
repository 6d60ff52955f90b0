from django.urls import path

from . import views

app_name = "front_door"
urlpatterns = [
    # The partner portal
    path("concerns/", views.partner_concern_list, name="partner_concern_list"),
    path("concerns/new/", views.concern_raise, name="concern_raise"),
    path("concerns/drafts/<int:draft_id>/check/", views.concern_check, name="concern_check"),
    path("concerns/drafts/<int:draft_id>/<slug:slug>/", views.concern_page, name="concern_page"),
    path("concerns/<int:contact_id>/", views.partner_concern, name="partner_concern"),
    path("concerns/<int:contact_id>/sent/", views.concern_sent, name="concern_sent"),
    path("information-requests/<int:request_id>/", views.information_request_answer, name="information_request_answer"),
    # The public form
    path("report-a-concern/", views.public_concern, name="public_concern"),
    path("report-a-concern/sent/", views.public_concern_sent, name="public_concern_sent"),
    path("report-a-concern/<str:token>/check/", views.public_draft_check, name="public_draft_check"),
    path("report-a-concern/<str:token>/<slug:slug>/", views.public_draft_page, name="public_draft_page"),
    # The front door (MASH)
    path("front-door/", views.queue, name="queue"),
    path("front-door/contacts/new/", views.contact_record, name="contact_record"),
    path("front-door/contacts/drafts/<int:draft_id>/check/", views.contact_draft_check, name="contact_draft_check"),
    path("front-door/contacts/drafts/<int:draft_id>/<slug:slug>/", views.contact_draft_page, name="contact_draft_page"),
    path("front-door/contacts/<int:contact_id>/", views.contact, name="contact"),
    path("front-door/contacts/<int:contact_id>/child/", views.contact_child, name="contact_child"),
    path("front-door/contacts/<int:contact_id>/notes/", views.contact_note, name="contact_note"),
    path(
        "front-door/contacts/<int:contact_id>/information-requests/new/",
        views.information_request_new,
        name="information_request_new",
    ),
    path("front-door/contacts/<int:contact_id>/decision/", views.decision, name="decision"),
    path("front-door/contacts/<int:contact_id>/sign-off/", views.sign_off, name="sign_off"),
    path("front-door/contacts/<int:contact_id>/feedback/", views.feedback, name="feedback"),
    path("front-door/children/<int:child_id>/", views.child_history, name="child_history"),
    path("prompts/", views.prompts, name="prompts"),
    path("prompts/alerts/<int:alert_id>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path("prompts/repeated-indicators/<int:escalation_id>/", views.escalation, name="escalation"),
]
