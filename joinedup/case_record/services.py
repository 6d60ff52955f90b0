"""Writes to the case record. Keyword-only, the actor first, one transaction each, every write audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import children_visible_to, practitioner_of
from joinedup.agencies.models import Practitioner
from joinedup.audit import services as auditor
from joinedup.audit.drafts import draft_keep
from joinedup.audit.models import AuditAction
from joinedup.core.errors import DomainValidationError, NotFoundOrNotPermitted, field_error
from joinedup.core.uploads import upload_max_bytes
from joinedup.people.models import Person

from .models import (
    CaseNote,
    CaseNoteChild,
    CaseNoteDraft,
    ChronologyAnalysis,
    Document,
    NoteCorrection,
    NoteType,
    SignificantEvent,
    SupervisionAction,
    SupervisionRecord,
)
from .scanning import ScannerUnavailable, scan_file

# Error messages, named so tests and forms use the same words.
EMPTY_NOTE = "Enter what happened"
FUTURE_NOTE = "The date of the note must be today or in the past"
SEEN_ALONE_NOT_SEEN = "A child seen alone must also have been seen: answer 'yes' to whether the child was seen"
NO_CHILDREN = "Select at least one child the note is about"
NOTE_LOCKED = "This note is locked. Record a correction instead: corrections are shown with the note"
NOT_YOUR_NOTE = "Only the person who wrote the note may change it before it locks"
NOTHING_CORRECTED = "Enter the corrected text"
NO_REASON = "Enter why the note is being corrected"
SAME_TEXT = "The correction is the same as the note's text"
FILE_EMPTY = "The selected file is empty"
FILE_TOO_BIG = "The selected file must be smaller than {limit}"
FILE_WRONG_TYPE = "The selected file must be a PDF, Word document (.docx), JPG, PNG or plain text file"
FILE_INFECTED = "The selected file contains a virus ({signature}) and has not been kept"
SCANNER_DOWN = "The file could not be checked for viruses, so it has not been kept. Try again later"
FUTURE_EVENT = "The date must be today or in the past"
ANALYSIS_EMPTY = "Enter your analysis"

CORRECTABLE_FIELDS = {"what_happened": "What happened", "childs_words": "The child's words", "analysis": "Analysis"}

# What we accept: the extension, the MIME type we serve it as, and how the file must begin.
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".txt": ("text/plain", (b"",)),
}


def lock_period() -> dt.timedelta:
    return dt.timedelta(hours=getattr(settings, "CASE_NOTE_LOCK_HOURS", 24))


def document_max_bytes() -> int:
    return upload_max_bytes()


def document_root() -> Path:
    return Path(getattr(settings, "CASE_RECORD_DOCUMENT_ROOT", settings.BASE_DIR / "var" / "documents"))


def _name(user: Any) -> str:
    practitioner = practitioner_of(user)
    if practitioner is not None:
        return f"{practitioner.given_name} {practitioner.family_name}"
    return str(getattr(user, "username", ""))


def _children_for(actor: Any, child_ids: Sequence[int], permission: Permission) -> list[Person]:
    ids = sorted(set(child_ids))
    children = list(children_visible_to(actor).filter(pk__in=ids))
    if len(children) != len(ids) or not all(has_permission(actor, permission, c) for c in children):
        raise NotFoundOrNotPermitted
    return children


# -- drafts --------------------------------------------------------------------------------------------------------


def note_draft_save(*, actor: Any, child: Person, data: dict[str, Any], draft_id: int | None = None) -> CaseNoteDraft:
    """Keep what the worker has typed, exactly as typed (valid or not). Creating a draft is audited; re-saving it
    (autosave, every few seconds) is audited at most once per draft per `draft_audit_interval()`: the record shows
    that and when the draft changed, never its text."""
    return draft_keep(CaseNoteDraft, actor=actor, child=child, data=data, draft_id=draft_id)


def note_draft_discard(*, actor: Any, draft: CaseNoteDraft) -> None:
    with transaction.atomic(), auditor.audit_last():
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.DELETED,
            object_type="case_record.casenotedraft",
            object_id=draft.pk,
            child_id=draft.child_id,
        )
        draft.delete()


# -- notes ---------------------------------------------------------------------------------------------------------


def note_record(
    *,
    actor: Any,
    child_ids: Sequence[int],
    note_type: str,
    occurred_on: dt.date,
    child_seen: bool,
    child_seen_alone: bool,
    what_happened: str,
    present: str = "",
    childs_words: str = "",
    analysis: str = "",
    is_significant: bool = False,
    draft: CaseNoteDraft | None = None,
) -> CaseNote:
    """Record a note once for every child it is about (siblings seen together); it appears on each child's record."""
    errors: dict[str, list[ValidationError]] = {}
    if not what_happened.strip():
        errors.setdefault("what_happened", []).append(ValidationError(EMPTY_NOTE, code="required"))
    if occurred_on > timezone.localdate():
        errors.setdefault("occurred_on", []).append(ValidationError(FUTURE_NOTE, code="future"))
    if child_seen_alone and not child_seen:
        errors.setdefault("child_seen_alone", []).append(ValidationError(SEEN_ALONE_NOT_SEEN, code="inconsistent"))
    if not child_ids:
        errors.setdefault("children", []).append(ValidationError(NO_CHILDREN, code="required"))
    if note_type not in NoteType.values:
        errors.setdefault("note_type", []).append(ValidationError("Select the type of note", code="invalid"))
    if errors:
        raise DomainValidationError(errors)
    with transaction.atomic(), auditor.audit_last():
        children = _children_for(actor, child_ids, Permission.RECORD_CASE_NOTE)
        now = timezone.now()
        note = CaseNote.objects.create(
            note_type=note_type,
            occurred_on=occurred_on,
            present=present.strip(),
            child_seen=child_seen,
            child_seen_alone=child_seen_alone,
            what_happened=what_happened.strip(),
            childs_words=childs_words.strip(),
            analysis=analysis.strip(),
            is_significant=is_significant,
            author=actor,
            author_name=_name(actor),
            recorded_at=now,
            locks_at=now + lock_period(),
        )
        CaseNoteChild.objects.bulk_create(
            [CaseNoteChild(note=note, child=child, occurred_on=occurred_on) for child in children]
        )
        auditor.audit_events_record(
            actor=actor,
            events=[auditor.EventSpec(AuditAction.CREATED, "case_record.casenote", note.pk, c.pk) for c in children],
        )
        if draft is not None and draft.pk is not None:
            CaseNoteDraft.objects.filter(pk=draft.pk, author=actor).delete()
    return note


def note_is_locked(note: CaseNote, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) >= note.locks_at


def note_update(*, actor: Any, note: CaseNote, **changes: Any) -> CaseNote:
    """Change a note before it locks (its author only). A locked note is never changed: raises NOTE_LOCKED."""
    allowed = {
        "present",
        "what_happened",
        "childs_words",
        "analysis",
        "is_significant",
        "child_seen",
        "child_seen_alone",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"not changeable: {sorted(unknown)}")
    with transaction.atomic():
        note = CaseNote.objects.select_for_update().get(pk=note.pk)
        if note_is_locked(note):
            raise field_error("note", NOTE_LOCKED, "locked")
        if note.author_id != actor.pk:
            raise field_error("note", NOT_YOUR_NOTE, "not_author")
        if "what_happened" in changes and not str(changes["what_happened"]).strip():
            raise field_error("what_happened", EMPTY_NOTE, "required")
        child_ids = list(note.child_links.values_list("child_id", flat=True))
        _children_for(actor, child_ids, Permission.RECORD_CASE_NOTE)
        before = auditor.model_values(note, changes)
        for name, value in changes.items():
            setattr(note, name, value.strip() if isinstance(value, str) else value)
        note.save()
        after = auditor.model_values(note, changes)
        for child_id in child_ids:
            auditor.record_updated(actor=actor, obj=note, child_id=child_id, before=before, after=after)
    return note


def note_correct(*, actor: Any, note: CaseNote, field_name: str, corrected_text: str, reason: str) -> NoteCorrection:
    """Correct a locked note: the note keeps what it said; the correction is kept beside it and shown as one."""
    errors: dict[str, list[ValidationError]] = {}
    if field_name not in CORRECTABLE_FIELDS:
        errors["field_name"] = [ValidationError("Select what you are correcting", code="invalid")]
    if not corrected_text.strip():
        errors["corrected_text"] = [ValidationError(NOTHING_CORRECTED, code="required")]
    if not reason.strip():
        errors["reason"] = [ValidationError(NO_REASON, code="required")]
    if errors:
        raise DomainValidationError(errors)
    with transaction.atomic():
        note = CaseNote.objects.select_for_update().get(pk=note.pk)
        child_ids = list(note.child_links.values_list("child_id", flat=True))
        _children_for(actor, child_ids, Permission.RECORD_CASE_NOTE)
        last = note.corrections.filter(field_name=field_name).order_by("-created_at", "-id").first()
        previous = last.corrected_text if last else getattr(note, field_name)
        if previous.strip() == corrected_text.strip():
            raise field_error("corrected_text", SAME_TEXT, "unchanged")
        correction = NoteCorrection.objects.create(
            note=note,
            field_name=field_name,
            previous_text=previous,
            corrected_text=corrected_text.strip(),
            reason=reason.strip(),
            corrected_by=actor,
            corrected_by_name=_name(actor),
        )
        auditor.audit_events_record(
            actor=actor,
            events=[
                auditor.EventSpec(AuditAction.CREATED, "case_record.notecorrection", correction.pk, child_id)
                for child_id in child_ids
            ],
        )
    return correction


# -- documents -----------------------------------------------------------------------------------------------------


def _human_size(size: int) -> str:
    return f"{size // (1024 * 1024)}MB" if size >= 1024 * 1024 else f"{size // 1024}KB"


def file_too_big_message() -> str:
    return FILE_TOO_BIG.format(limit=_human_size(document_max_bytes()))


def document_upload(*, actor: Any, child: Person, title: str, document_type: str, upload: UploadedFile) -> Document:
    """Check the file's size and type, scan it for viruses, then keep it outside the database under a random name.
    A refused file leaves nothing behind."""
    if not has_permission(actor, Permission.UPLOAD_DOCUMENT, child):
        raise NotFoundOrNotPermitted
    size = upload.size or 0
    if size == 0:
        raise field_error("file", FILE_EMPTY, "empty")
    if size > document_max_bytes():
        raise field_error("file", file_too_big_message(), "too_big")
    original = Path(upload.name or "").name
    suffix = Path(original).suffix.lower()
    allowed = ALLOWED_TYPES.get(suffix)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if allowed is None or not any(head.startswith(magic) for magic in allowed[1]):
        raise field_error("file", FILE_WRONG_TYPE, "wrong_type")
    if suffix == ".txt" and b"\x00" in head:
        raise field_error("file", FILE_WRONG_TYPE, "wrong_type")
    content_type = allowed[0]
    root = document_root()
    storage_name = secrets.token_urlsafe(32)
    target = root / storage_name[:2] / storage_name
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    partial = target.with_suffix(".part")
    with open(partial, "wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    try:
        result = scan_file(partial)
    except ScannerUnavailable as exc:
        partial.unlink(missing_ok=True)
        raise field_error("file", SCANNER_DOWN, "scanner_unavailable") from exc
    if not result.clean:
        partial.unlink(missing_ok=True)
        raise field_error("file", FILE_INFECTED.format(signature=result.signature), "infected")
    try:
        with transaction.atomic():
            partial.rename(target)
            document = Document.objects.create(
                child=child,
                title=title.strip() or original,
                document_type=document_type,
                original_name=original[:255],
                content_type=content_type,
                size=size,
                sha256=digest.hexdigest(),
                storage_name=storage_name,
                uploaded_by=actor,
                uploaded_by_name=_name(actor),
                scanned_with=result.scanned_with,
            )
            auditor.record_created(actor=actor, obj=document, child_id=child.pk)
    except Exception:
        partial.unlink(missing_ok=True)
        target.unlink(missing_ok=True)
        raise
    return document


def document_path(document: Document) -> Path:
    return document_root() / document.storage_name[:2] / document.storage_name


def document_download(*, actor: Any, document_id: int, child_id: int) -> tuple[Document, Path]:
    """The document, if the actor may see the record it is on; the download is audited."""
    with transaction.atomic():
        child = children_visible_to(actor).filter(pk=child_id).first()
        if child is None or not has_permission(actor, Permission.VIEW_CASE_RECORD, child):
            raise NotFoundOrNotPermitted
        document = Document.objects.filter(pk=document_id, child_id=child.pk).first()
        if document is None:
            raise NotFoundOrNotPermitted
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.EXPORTED,
            object_type="case_record.document",
            object_id=document.pk,
            child_id=child.pk,
            reason="Downloaded",
        )
    return document, document_path(document)


# -- the chronology ------------------------------------------------------------------------------------------------


def significant_event_record(
    *,
    actor: Any,
    child: Person,
    occurred_on: dt.date,
    agency: str,
    event_type: str,
    title: str,
    detail: str = "",
) -> SignificantEvent:
    if occurred_on > timezone.localdate():
        raise field_error("occurred_on", FUTURE_EVENT, "future")
    if not title.strip():
        raise field_error("title", "Enter what happened, in a few words", "required")
    with transaction.atomic():
        if not has_permission(actor, Permission.ANNOTATE_CHRONOLOGY, child):
            raise NotFoundOrNotPermitted
        event = SignificantEvent.objects.create(
            child=child,
            occurred_on=occurred_on,
            agency=agency,
            event_type=event_type,
            title=title.strip(),
            detail=detail.strip(),
            recorded_by=actor,
            recorded_by_name=_name(actor),
        )
        auditor.record_created(actor=actor, obj=event, child_id=child.pk)
    return event


def chronology_analysis_write(*, actor: Any, child: Person, source_key: str, analysis: str) -> ChronologyAnalysis:
    if not analysis.strip():
        raise field_error("analysis", ANALYSIS_EMPTY, "required")
    with transaction.atomic():
        if not has_permission(actor, Permission.ANNOTATE_CHRONOLOGY, child):
            raise NotFoundOrNotPermitted
        existing = ChronologyAnalysis.objects.select_for_update().filter(child=child, source_key=source_key).first()
        if existing is None:
            row = ChronologyAnalysis.objects.create(
                child=child,
                source_key=source_key,
                analysis=analysis.strip(),
                written_by=actor,
                written_by_name=_name(actor),
            )
            auditor.record_created(actor=actor, obj=row, child_id=child.pk)
            return row
        before = {"analysis": existing.analysis}
        existing.analysis = analysis.strip()
        existing.written_by = actor
        existing.written_by_name = _name(actor)
        existing.save()
        auditor.record_updated(
            actor=actor, obj=existing, child_id=child.pk, before=before, after={"analysis": existing.analysis}
        )
    return existing


# -- supervision ---------------------------------------------------------------------------------------------------


def supervision_record(
    *,
    actor: Any,
    child: Person,
    held_on: dt.date,
    worker_id: int,
    discussion: str,
    decisions: str,
    actions: Sequence[tuple[str, dt.date]] = (),
) -> SupervisionRecord:
    """Record case supervision. Written by the worker's supervisor (their team's manager), it is signed off as it
    is written; written by anyone else, it waits for the manager's sign-off (the oversight page)."""
    errors: dict[str, list[ValidationError]] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = [ValidationError("The date of supervision must be today or in the past", code="future")]
    if not discussion.strip():
        errors["discussion"] = [ValidationError("Enter what was discussed", code="required")]
    if not decisions.strip():
        errors["decisions"] = [ValidationError("Enter the decisions made", code="required")]
    for index, (text, due) in enumerate(actions):
        if not text.strip() or due is None:
            errors["actions"] = [ValidationError(f"Action {index + 1}: enter the action and its date", code="invalid")]
    if errors:
        raise DomainValidationError(errors)
    with transaction.atomic():
        if not has_permission(actor, Permission.RECORD_SUPERVISION, child):
            raise NotFoundOrNotPermitted
        worker = Practitioner.objects.select_related("team").filter(pk=worker_id).first()
        if worker is None:
            raise field_error("worker", "Select the worker supervised", "required")
        me = practitioner_of(actor)
        manager_id = worker.team.manager_id if worker.team is not None else None
        supervisor_id = me.pk if me is not None and me.pk != worker.pk else (manager_id or worker.pk)
        signed = me is not None and me.pk != worker.pk and (manager_id is None or me.pk == manager_id)
        now = timezone.now()
        record = SupervisionRecord.objects.create(
            child=child,
            held_on=held_on,
            worker=worker,
            supervisor_id=supervisor_id,
            discussion=discussion.strip(),
            decisions=decisions.strip(),
            recorded_by=actor,
            signed_off_by=actor if signed else None,
            signed_off_at=now if signed else None,
        )
        SupervisionAction.objects.bulk_create(
            [
                SupervisionAction(record=record, child=child, action=text.strip(), owner=worker, due_on=due)
                for text, due in actions
            ]
        )
        auditor.record_created(actor=actor, obj=record, child_id=child.pk)
    return record
