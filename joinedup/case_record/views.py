"""Thin HTML views for the case record: parse, call one service or selector, render or redirect. Who may do what
is decided in access/ (a page the user may not use is a 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from joinedup.access.lookup import access_child
from joinedup.access.models import Involvement
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of
from joinedup.agencies.models import Practitioner
from joinedup.core.uploads import uploads_too_big
from joinedup.people.models import Person
from joinedup.ui.fields import apply_domain_errors

from . import forms, selectors, services
from .models import CaseNote


def _child(request: HttpRequest, child_id: int, permission: Permission, purpose: str = "") -> Person:
    return access_child(request.user, child_id, permission=permission, purpose=purpose)


def _name(person: Person) -> str:
    return f"{person.given_name} {person.family_name}".strip()


# -- notes ---------------------------------------------------------------------------------------------------------


@login_required
def notes(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(request, child_id, Permission.VIEW_CASE_RECORD)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    views, total = selectors.notes_for_child(actor=request.user, child=child, limit=25, offset=(page - 1) * 25)
    draft = selectors.draft_for(actor=request.user, child=child)
    return render(
        request,
        "case_record/notes.html",
        {
            "child": child,
            "notes": views,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // 25)),
            "draft": draft,
        },
    )


def _note_children(request: HttpRequest, child: Person) -> list[tuple[int, str]]:
    siblings = selectors.siblings_for(actor=request.user, child=child)
    return [(child.pk, _name(child))] + [
        (s.pk, _name(s)) for s in siblings if has_permission(request.user, Permission.RECORD_CASE_NOTE, s)
    ]


def _draft_id(value: Any) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


@login_required
@require_http_methods(["GET", "POST"])
def note_new(request: HttpRequest, child_id: int) -> HttpResponse:
    """Write a note. What is typed is kept as a draft on the server (autosaved as the worker types, and on every
    submission), so a timeout or an error loses nothing; recording it checks it and files it on each child."""
    child = _child(
        request, child_id, Permission.RECORD_CASE_NOTE, "Writing a case note" if request.method == "GET" else ""
    )
    choices = _note_children(request, child)
    draft = None
    if request.method == "POST":
        data = request.POST.copy()
        draft = services.note_draft_save(
            actor=request.user, child=child, data=_draft_data(request), draft_id=_draft_id(data.get("draft_id"))
        )
        form = forms.CaseNoteForm(data, children=choices)
        if request.POST.get("action") == "save_draft":
            messages.success(request, "Your draft has been saved. Only you can see it until you record the note")
            return redirect(reverse("case_record:notes", args=[child.pk]))
        if form.is_valid():
            d = form.cleaned_data
            try:
                note = services.note_record(
                    actor=request.user,
                    child_ids=d["children"],
                    note_type=d["note_type"],
                    occurred_on=d["occurred_on"],
                    child_seen=d["child_seen"],
                    child_seen_alone=d["child_seen_alone"],
                    what_happened=d["what_happened"],
                    present=d["present"],
                    childs_words=d["childs_words"],
                    analysis=d["analysis"],
                    is_significant=d["is_significant"],
                    draft=draft,
                )
            except ValidationError as exc:
                apply_domain_errors(form, exc)
            else:
                count = len(d["children"])
                messages.success(
                    request, "Note recorded" + (f" on the records of {count} children" if count > 1 else "")
                )
                return redirect(reverse("case_record:note", args=[child.pk, note.pk]))
    else:
        draft = selectors.draft_for(actor=request.user, child=child, draft_id=_draft_id(request.GET.get("draft")))
        initial_data = dict(draft.data) if draft else None
        if initial_data is not None:
            form = forms.CaseNoteForm(_as_querydict(initial_data), children=choices)
            form.is_bound = True
            form.full_clean()
            form._errors = {}  # type: ignore[attr-defined]  # show the draft as typed, without errors yet
        else:
            # A note is most often of something that happened today: the date starts as today (issue 19).
            form = forms.CaseNoteForm(
                initial={"children": [child.pk], "occurred_on": timezone.localdate()}, children=choices
            )
    return render(request, "case_record/note_form.html", {"child": child, "form": form, "draft": draft})


def _draft_data(request: HttpRequest) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key in request.POST:
        values = request.POST.getlist(key)
        data[key] = values if key == "children" else values[-1]
    return data


def _as_querydict(data: dict[str, Any]) -> Any:
    from django.http import QueryDict

    qd = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            qd.setlist(key, [str(v) for v in value])
        else:
            qd[key] = str(value)
    return qd


@login_required
@require_POST
def note_autosave(request: HttpRequest, child_id: int) -> JsonResponse:
    """The autosave endpoint (autosave.js posts the form here every few seconds while the worker types)."""
    child = _child(request, child_id, Permission.RECORD_CASE_NOTE)
    draft = services.note_draft_save(
        actor=request.user, child=child, data=_draft_data(request), draft_id=_draft_id(request.POST.get("draft_id"))
    )
    return JsonResponse({"draft_id": draft.pk, "saved_at": timezone.localtime(draft.updated_at).strftime("%H:%M:%S")})


@login_required
@require_POST
def draft_discard(request: HttpRequest, child_id: int, draft_id: int) -> HttpResponse:
    child = _child(request, child_id, Permission.RECORD_CASE_NOTE)
    draft = selectors.draft_for(actor=request.user, child=child, draft_id=draft_id)
    if draft is None:
        raise Http404
    services.note_draft_discard(actor=request.user, draft=draft)
    messages.success(request, "Draft deleted")
    return redirect(reverse("case_record:notes", args=[child.pk]))


@login_required
def note(request: HttpRequest, child_id: int, note_id: int) -> HttpResponse:
    child = _child(request, child_id, Permission.VIEW_CASE_RECORD)
    view = selectors.note_get(actor=request.user, child=child, note_id=note_id)
    can_edit = not view.locked and view.note.author_id == request.user.pk
    return render(request, "case_record/note.html", {"child": child, "v": view, "can_edit": can_edit})


def _note_of(request: HttpRequest, child: Person, note_id: int, purpose: str) -> CaseNote:
    """The child's note for a form; the form shown (a GET) is a read of it, audited."""
    return selectors.note_get_for_change(
        actor=request.user, child=child, note_id=note_id, purpose=purpose if request.method == "GET" else ""
    )


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, child_id: int, note_id: int) -> HttpResponse:
    """Change a note before it locks (its author only)."""
    child = _child(request, child_id, Permission.RECORD_CASE_NOTE)
    found = _note_of(request, child, note_id, "Change a case note")
    if services.note_is_locked(found) or found.author_id != request.user.pk:
        return redirect(reverse("case_record:note_correct", args=[child.pk, found.pk]))
    choices = [(c.pk, _name(c)) for c in Person.objects.filter(pk__in=found.child_links.values("child_id"))]
    initial = {
        "children": [c for c, _ in choices],
        "note_type": found.note_type,
        "occurred_on": found.occurred_on,
        "present": found.present,
        "child_seen": "yes" if found.child_seen else "no",
        "child_seen_alone": "yes" if found.child_seen_alone else "no",
        "what_happened": found.what_happened,
        "childs_words": found.childs_words,
        "analysis": found.analysis,
        "is_significant": found.is_significant,
    }
    form = forms.CaseNoteForm(request.POST or None, initial=initial, children=choices)
    for name in ("children", "note_type", "occurred_on"):
        form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.note_update(
                actor=request.user,
                note=found,
                present=d["present"],
                what_happened=d["what_happened"],
                childs_words=d["childs_words"],
                analysis=d["analysis"],
                is_significant=d["is_significant"],
                child_seen=d["child_seen"],
                child_seen_alone=d["child_seen_alone"],
            )
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            messages.success(request, "Note changed")
            return redirect(reverse("case_record:note", args=[child.pk, found.pk]))
    return render(request, "case_record/note_form.html", {"child": child, "form": form, "editing": found})


@login_required
@require_http_methods(["GET", "POST"])
def note_correct(request: HttpRequest, child_id: int, note_id: int) -> HttpResponse:
    child = _child(request, child_id, Permission.RECORD_CASE_NOTE)
    found = _note_of(request, child, note_id, "Correct a case note")
    form = forms.CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_correct(actor=request.user, note=found, **form.cleaned_data)
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            messages.success(request, "Correction recorded. It is shown with the note")
            return redirect(reverse("case_record:note", args=[child.pk, found.pk]))
    return render(request, "case_record/correct.html", {"child": child, "form": form, "note": found})


# -- documents -----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(request, child_id, Permission.VIEW_CASE_RECORD, "Documents" if request.method == "GET" else "")
    form = forms.DocumentForm(
        request.POST or None,
        request.FILES or None,
        too_big="file" in uploads_too_big(request),
        too_big_message=services.file_too_big_message(),
    )
    can_upload = has_permission(request.user, Permission.UPLOAD_DOCUMENT, child)
    if request.method == "POST":
        if not can_upload:
            raise Http404
        if form.is_valid():
            try:
                services.document_upload(
                    actor=request.user,
                    child=child,
                    title=form.cleaned_data["title"],
                    document_type=form.cleaned_data["document_type"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as exc:
                apply_domain_errors(form, exc)
            else:
                messages.success(request, "Document uploaded and checked for viruses")
                return redirect(reverse("case_record:documents", args=[child.pk]))
    docs = list(selectors.documents_for_child(child=child))
    return render(
        request,
        "case_record/documents.html",
        {"child": child, "form": form, "documents": docs, "can_upload": can_upload},
    )


@login_required
def document(request: HttpRequest, child_id: int, document_id: int) -> FileResponse:
    doc, path = services.document_download(actor=request.user, document_id=document_id, child_id=child_id)
    if not path.exists():
        raise Http404
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 (FileResponse closes it)
        as_attachment=True,
        filename=doc.original_name,
        # Text is kept only after a check that it holds no NUL bytes; say how to read it rather than let a
        # browser guess.
        content_type=f"{doc.content_type}; charset=utf-8" if doc.content_type == "text/plain" else doc.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# -- the chronology: an event marked significant by hand ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def significant_event_new(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(
        request, child_id, Permission.ANNOTATE_CHRONOLOGY, "Add a significant event" if request.method == "GET" else ""
    )
    form = forms.SignificantEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.significant_event_record(actor=request.user, child=child, **form.cleaned_data)
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            messages.success(request, "Significant event added to the chronology")
            return redirect(reverse("chronology:chronology", args=[child.pk]))
    return render(
        request,
        "case_record/simple_form.html",
        {
            "child": child,
            "form": form,
            "title": "Add a significant event",
            "submit": "Add to the chronology",
            "back": reverse("chronology:chronology", args=[child.pk]),
            "back_text": "Back to the chronology",
        },
    )


# -- supervision ---------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def supervision(request: HttpRequest, child_id: int) -> HttpResponse:
    """The child's case supervision: recorded here (a write to the case record); a manager signs its decisions off,
    and an action is marked done, through the oversight app's forms on this page."""
    child = _child(request, child_id, Permission.VIEW_CASE_RECORD, "Supervision" if request.method == "GET" else "")
    me = practitioner_of(request.user)
    worker_ids = set(
        Involvement.objects.filter(
            child=child, ended_on__isnull=True, practitioner__organisation_id=me.organisation_id if me else 0
        ).values_list("practitioner_id", flat=True)
    )
    if me is not None:
        worker_ids.add(me.pk)
    workers = [
        (p.pk, f"{p.given_name} {p.family_name}")
        for p in Practitioner.objects.filter(pk__in=worker_ids).order_by("family_name")
    ]
    form = forms.SupervisionForm(request.POST or None, workers=workers)
    can_record = has_permission(request.user, Permission.RECORD_SUPERVISION, child)
    if request.method == "POST":
        if not can_record:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            actions = [(d[f"action_{n}"], d[f"action_{n}_due"]) for n in (1, 2) if d.get(f"action_{n}")]
            try:
                services.supervision_record(
                    actor=request.user,
                    child=child,
                    held_on=d["held_on"],
                    worker_id=d["worker"],
                    discussion=d["discussion"],
                    decisions=d["decisions"],
                    actions=actions,
                )
            except ValidationError as exc:
                apply_domain_errors(form, exc)
            else:
                messages.success(request, "Supervision recorded")
                return redirect(reverse("case_record:supervision", args=[child.pk]))
    records = selectors.supervision_for_child(child=child)
    sign_off = {
        r.pk
        for r in records
        if r.signed_off_at is None and has_permission(request.user, Permission.SIGN_OFF_SUPERVISION, r)
    }
    return render(
        request,
        "case_record/supervision.html",
        {
            "child": child,
            "form": form,
            "records": records,
            "can_record": can_record,
            "sign_off": sign_off,
            "today": timezone.localdate(),
        },
    )


# -- search --------------------------------------------------------------------------------------------------------


@login_required
def notes_search(request: HttpRequest) -> HttpResponse:
    if not has_permission(request.user, Permission.SEARCH_CASE_NOTES):
        raise Http404
    form = forms.SearchForm(request.GET or None)
    q = request.GET.get("q", "").strip()
    hits = selectors.search_notes(actor=request.user, q=q) if q else []
    return render(request, "case_record/search.html", {"form": form, "q": q, "hits": hits, "child": None})
