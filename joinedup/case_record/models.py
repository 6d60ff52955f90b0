"""The case record (M25, M26, M28): case notes and direct work (one note for several siblings), drafts kept on the
server, corrections to locked notes, documents stored outside the database, the chronology's own rows (events
marked significant, the analysis column) and case supervision."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from joinedup.core.chronology import AGENCY_CHOICES, EVENT_TYPE_CHOICES
from joinedup.core.models import TimeStampedModel


class NoteType(models.TextChoices):
    VISIT = "visit", "Visit"
    JOINT_VISIT = "joint_visit", "Joint visit"
    PHONE_CALL = "phone_call", "Phone call"
    MEETING = "meeting", "Meeting"
    DIRECT_WORK = "direct_work", "Direct work with the child"
    OTHER = "other", "Other"


class CaseNote(TimeStampedModel):
    """A note of what happened, written once and shown on the record of every child it is about.

    The child's own words are kept apart from the worker's analysis. After `CASE_NOTE_LOCK_HOURS` the note is
    locked: it is never changed again, only corrected by a NoteCorrection shown beneath it."""

    note_type = models.CharField(max_length=20, choices=NoteType.choices)
    occurred_on = models.DateField(help_text="The day it happened")
    present = models.CharField(max_length=500, blank=True, help_text="Who was there")
    child_seen = models.BooleanField()
    child_seen_alone = models.BooleanField()
    what_happened = models.TextField(max_length=20000)
    childs_words = models.TextField("the child's words", max_length=10000, blank=True)
    analysis = models.TextField("the worker's analysis", max_length=10000, blank=True)
    is_significant = models.BooleanField(default=False, help_text="Shown in the chronology")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_name = models.CharField(max_length=200)
    recorded_at = models.DateTimeField()
    locks_at = models.DateTimeField(help_text="After this the note is only corrected, never changed")
    children: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "people.Person", through="CaseNoteChild", related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["author", "recorded_at"], name="case_note_author_idx")]

    def __str__(self) -> str:
        return f"{self.get_note_type_display()} on {self.occurred_on}"


class CaseNoteChild(models.Model):
    note = models.ForeignKey(CaseNote, on_delete=models.CASCADE, related_name="child_links")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField(help_text="The note's date, kept here so a child's notes read from one index")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "note"], name="case_note_child_once")]
        indexes = [models.Index(fields=["child", "occurred_on"], name="case_note_child_date_idx")]

    def __str__(self) -> str:
        return f"Note {self.note_id} on child {self.child_id}"


class NoteCorrection(TimeStampedModel):
    """A correction to a locked note: what was wrong, what is right, who said so and when. Shown as a correction."""

    note = models.ForeignKey(CaseNote, on_delete=models.PROTECT, related_name="corrections")
    field_name = models.CharField(max_length=40)
    previous_text = models.TextField()
    corrected_text = models.TextField(max_length=20000)
    reason = models.TextField(max_length=2000)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    corrected_by_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["created_at", "id"]


class CaseNoteDraft(TimeStampedModel):
    """What a worker has typed so far, kept on the server as they type (autosave) and whenever a submission fails,
    so neither a session timeout nor an error loses it. Seen only by its author; deleted once the note is recorded.
    """

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", help_text="Started from")
    data = models.JSONField(default=dict)
    audited_at = models.DateTimeField(
        null=True, blank=True, help_text="The last re-save audited: one audit row per draft per interval, not per save"
    )

    class Meta:
        indexes = [models.Index(fields=["author", "child"], name="case_note_draft_idx")]


class DocumentType(models.TextChoices):
    REPORT = "report", "Report"
    LETTER = "letter", "Letter"
    ASSESSMENT = "assessment", "Assessment"
    PLAN = "plan", "Plan"
    MINUTES = "minutes", "Minutes"
    CHILDS_OWN_WORK = "childs_own_work", "The child's own work"
    PHOTOGRAPH = "photograph", "Photograph"
    OTHER = "other", "Other"


class Document(TimeStampedModel):
    """A file on a child's record, scanned for viruses before it was kept. The file lives outside the database
    under a random name (never guessable, never the uploader's file name); it is served only through the record's
    access rules, every download audited."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    document_type = models.CharField(max_length=20, choices=DocumentType.choices)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=100, unique=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_by_name = models.CharField(max_length=200)
    scanned_with = models.CharField(max_length=200, help_text="The scanner and signatures that passed it")

    class Meta:
        indexes = [models.Index(fields=["child", "created_at"], name="document_child_idx")]


class SignificantEvent(TimeStampedModel):
    """An event a practitioner marks significant by hand, for the chronology (one not recorded elsewhere)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField()
    agency = models.CharField(max_length=30, choices=AGENCY_CHOICES)
    event_type = models.CharField(max_length=30, choices=EVENT_TYPE_CHOICES)
    title = models.CharField(max_length=200)
    detail = models.TextField(max_length=5000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by_name = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["child", "occurred_on"], name="significant_event_child_idx")]


class ChronologyAnalysis(TimeStampedModel):
    """The analysis column: what a practitioner makes of an entry (any source's entry, by its source key)."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    source_key = models.CharField(max_length=120)
    analysis = models.TextField(max_length=5000)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_by_name = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "source_key"], name="chronology_analysis_once")]


class SupervisionRecord(TimeStampedModel):
    """Case supervision (M28): what was discussed about a child, the decisions made and the actions agreed.

    A record written by the worker themselves waits for their manager's sign-off; one written by the supervisor
    is signed off as it is written."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    worker = models.ForeignKey("agencies.Practitioner", on_delete=models.PROTECT, related_name="+")
    supervisor = models.ForeignKey("agencies.Practitioner", on_delete=models.PROTECT, related_name="+")
    discussion = models.TextField(max_length=10000)
    decisions = models.TextField(max_length=5000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["child", "held_on"], name="supervision_child_idx"),
            models.Index(fields=["supervisor", "signed_off_at"], name="supervision_sign_off_idx"),
        ]


class SupervisionAction(models.Model):
    record = models.ForeignKey(SupervisionRecord, on_delete=models.CASCADE, related_name="actions")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=500)
    owner = models.ForeignKey("agencies.Practitioner", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "done_on", "due_on"], name="supervision_action_owner_idx")]

    def __str__(self) -> str:
        return f"{self.action} (due {self.due_on})"
