from django.urls import path

from . import views

app_name = "case_record"
_child = "children/<int:child_id>/"
urlpatterns = [
    path(f"{_child}case-notes/", views.notes, name="notes"),
    path(f"{_child}case-notes/new/", views.note_new, name="note_new"),
    path(f"{_child}case-notes/autosave/", views.note_autosave, name="note_autosave"),
    path(f"{_child}case-notes/drafts/<int:draft_id>/delete/", views.draft_discard, name="draft_discard"),
    path(f"{_child}case-notes/<int:note_id>/", views.note, name="note"),
    path(f"{_child}case-notes/<int:note_id>/change/", views.note_edit, name="note_edit"),
    path(f"{_child}case-notes/<int:note_id>/correct/", views.note_correct, name="note_correct"),
    path(f"{_child}documents/", views.documents, name="documents"),
    path(f"{_child}documents/<int:document_id>/", views.document, name="document"),
    path(f"{_child}chronology/significant-event/", views.significant_event_new, name="significant_event_new"),
    path(f"{_child}supervision/", views.supervision, name="supervision"),
    path("case-notes/search/", views.notes_search, name="notes_search"),
]
