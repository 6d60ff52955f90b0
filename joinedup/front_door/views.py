"""Thin HTML views of the front door: the partner portal (raise a concern, your concerns and their outcomes,
answer an information request), the public form, and the MASH (queue, contact, triage, decision, sign-off).
Permissions come from access/ (policy and scopes); every rule is the services'."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.core.actors import system_actor
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.harms.services import risk_indicator_escalation_acknowledge
from joinedup.people.matching import MatchQuery
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.targeting import prompts_for_child
from joinedup.records.selectors import person_search
from joinedup.ui.fields import apply_domain_errors
from joinedup.ui.govuk import pagination, uk_date
from joinedup.ui.pages import form_page

from . import concern_pages as pages
from . import selectors, services
from .codes import ContactChannel, ContactStatus, DecisionOutcome, SignOff
from .forms import (
    AnswerForm,
    ConfirmChildForm,
    DecisionForm,
    EscalationAcknowledgeForm,
    FeedbackForm,
    InformationRequestForm,
    NoteForm,
    SignOffForm,
)
from .models import DraftJourney
from .throttle import public_form_allowed

PUBLIC_SENT_SESSION_KEY = "front_door_public_sent"
PUBLIC_DRAFTS_SESSION_KEY = "front_door_public_drafts"  # the tokens of the reports this browser started


def _404_unless(allowed: bool) -> None:
    if not allowed:
        raise Http404


# -- the partner portal -----------------------------------------------------------------------------------------


# -- question pages: one mechanism for the partner's concern, the front door's call and the public's report ----------


def _start_page(
    request: HttpRequest,
    journey: pages.Journey,
    *,
    actor: Any,
    started: Callable[[pages.Journey, Any], None] | None = None,
    child_id: int | None = None,
    context: Callable[[], dict[str, Any]] | None = None,
) -> HttpResponse:
    """A journey's first page (its first URL): answered, it starts the draft, kept on the server so a time-out loses
    nothing, and goes on to the next page."""
    first = journey.first_page()
    post = request.POST if request.method == "POST" else None
    form = journey.page_form(None, first, post)
    if post is not None and not form.errors:
        draft = services.concern_draft_start(
            actor=actor, answers=pages.answers_posted(first, post), child_id=child_id, journey=journey.name
        )
        if started is not None:
            started(journey, draft)
        following = journey.next_page(draft, first)
        return redirect(journey.page_url(draft, following) if following else journey.check_url(draft))
    return render(
        request,
        "front_door/concern_page.html",
        {"journey": journey, "form": form, "page": first, "draft": None, **(context() if context else {})},
        status=400 if form.errors else 200,
    )


def _question_page(request: HttpRequest, journey: pages.Journey, draft: Any, slug: str, *, actor: Any) -> HttpResponse:
    """One question page. What is typed is kept on the draft at once, even with a problem; Continue goes to the next
    page, or back to "Check your answers" when changing an answer from there."""
    page = journey.by_slug.get(slug)
    _404_unless(page is not None and page in journey.pages_for(draft))
    assert page is not None
    changing = request.GET.get("change") == "check"
    matches = None
    record_error = ""
    if page.slug == "child-record":
        matches = _possible_matches(request, journey, draft)
        if not matches:  # no record matches: nothing to ask
            following = journey.next_page(draft, page)
            return redirect(
                journey.page_url(draft, following) if following and not changing else journey.check_url(draft)
            )
    post = request.POST if request.method == "POST" else None
    form = journey.page_form(draft, page, post)
    if post is not None:
        answers = pages.answers_posted(page, post)
        draft = services.concern_draft_save(actor=actor, draft=draft, answers=answers)
        if page.slug == "child-record" and answers[pages.CHILD_RECORD] in ([], [""]):
            record_error = pages.CHILD_RECORD_REQUIRED
        elif not form.errors:
            following = journey.next_page(draft, page)
            return redirect(
                journey.check_url(draft) if changing or following is None else journey.page_url(draft, following)
            )
    elif request.GET.get("show") == "problems":
        # From the check page's error summary: the service's problems with this page's answers, next to them.
        whole = journey.bound_form(draft.answers)
        for problem in journey.problems_in_page_order(draft, whole, _service_problems(journey, draft, whole, actor)):
            if problem.page == page and problem.field in form.fields:
                form.add_error(problem.field, problem.message)
    previous = journey.previous_page(draft, page)
    return render(
        request,
        "front_door/concern_page.html",
        {
            "journey": journey,
            "form": form,
            "page": page,
            "draft": draft,
            "about_child": draft.child,
            "matches": matches,
            "chosen": (draft.answers.get(pages.CHILD_RECORD) or [""])[0],
            "record_error": record_error,
            "back_url": journey.check_url(draft)
            if changing
            else (journey.page_url(draft, previous) if previous else journey.start_url()),
            "form_action": "?change=check" if changing else "",
        },
        status=400 if record_error or (post is not None and form.errors) else 200,
    )


def _possible_matches(request: HttpRequest, journey: pages.Journey, draft: Any) -> list[Any]:
    """Children's records the person may open that match what they said: "Is this the child?". A partner sees the
    children they already work with; the front door, every record it may open. Nothing is chosen for them."""
    form = journey.bound_form(draft.answers)
    child = form.child_described()
    if not (child.family_name or child.nhs_number):
        return []
    query = MatchQuery(child.given_name, child.family_name, child.date_of_birth, child.nhs_number, child.postcode)
    return [
        m for m in person_search(actor=request.user, query=query, limit=5) if m.can_open and m.person.is_child_record
    ]


def _channel(journey: pages.Journey, form: Any) -> ContactChannel:
    if journey.name == DraftJourney.FRONT_DOOR:
        return ContactChannel(form.cleaned_data.get("channel") or ContactChannel.PHONE)
    return ContactChannel.PUBLIC_FORM if journey.is_public else ContactChannel.PARTNER_PORTAL


def _service_problems(journey: pages.Journey, draft: Any, form: Any, actor: Any) -> dict[str, list[str]]:
    """What the service would refuse in the answers so far, by field, nothing written."""
    child, concern, record_id = journey.described(draft, form)
    return services.contact_problems(
        actor=actor, channel=_channel(journey, form), child=child, concern=concern, child_record_id=record_id,
        referrer=journey.referrer(form), source=form.cleaned_data.get("source", ""),
    )  # fmt: skip


def _check_page(
    request: HttpRequest,
    journey: pages.Journey,
    draft: Any,
    *,
    actor: Any,
    sent: Callable[[Any], HttpResponse],
    allowed: Callable[[], bool] | None = None,
) -> HttpResponse:
    """Check your answers, then send (or record). Every problem the service finds is shown at once, in the order of
    the pages, each linking to the page that asks it; nothing is sent until there are none. `allowed` is asked once
    a post is to be sent (the public form's throttle)."""
    form = journey.bound_form(draft.answers)
    problems: list[pages.Problem] = []
    if request.method == "POST":
        if allowed is not None and not allowed():
            return render(request, "front_door/public_concern_throttled.html", status=429)
        problems = journey.problems_in_page_order(draft, form, _service_problems(journey, draft, form, actor))
        if not problems:
            child, concern, record_id = journey.described(draft, form)
            try:
                received = services.concern_draft_send(
                    actor=actor, draft=draft, child=child, concern=concern, child_record_id=record_id,
                    channel=_channel(journey, form), referrer=journey.referrer(form),
                    source=form.cleaned_data.get("source", ""),
                )  # fmt: skip
            except ValidationError as exc:
                problems = journey.problems_in_page_order(draft, form, exc.message_dict)
            else:
                return sent(received)
    return render(
        request,
        "front_door/concern_check.html",
        {
            "journey": journey,
            "draft": draft,
            "rows": journey.answer_rows(draft, form),
            "problems": [journey.summary_item(p, draft, form) for p in problems],
            "back_url": journey.page_url(draft, journey.pages_for(draft)[-1]),
        },
        status=400 if problems else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def concern_raise(request: HttpRequest) -> HttpResponse:
    """Raise a concern or request for support, one question a page: this is the first. From a child's record
    (`?child=`), the child is known: their details are not asked again."""
    _404_unless(has_permission(request.user, Permission.RAISE_CONCERN))
    about = request.POST.get("about_child", "") or request.GET.get("child", "")
    child_id = int(about) if about.isdigit() else None

    def context() -> dict[str, Any]:  # read (and audited) only when the page is shown
        child = (
            access_child(
                request.user, child_id, permission=Permission.VIEW_CHILD, purpose="Raise a concern about the child"
            )
            if child_id is not None
            else None
        )
        return {
            "about_child": child,
            "drafts": selectors.concern_drafts_of(actor=request.user) if child is None else [],
            "back_url": reverse("records:child_record", args=[child.pk])
            if child
            else reverse("front_door:partner_concern_list"),
        }

    return _start_page(request, pages.PARTNER, actor=request.user, child_id=child_id, context=context)


@login_required
@require_http_methods(["GET", "POST"])
def concern_page(request: HttpRequest, draft_id: int, slug: str) -> HttpResponse:
    """One question page of a concern a partner is raising."""
    _404_unless(has_permission(request.user, Permission.RAISE_CONCERN))
    draft = selectors.concern_draft_get(actor=request.user, draft_id=draft_id)
    return _question_page(request, pages.PARTNER, draft, slug, actor=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def concern_check(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Check your answers, then send the concern to the front door."""
    _404_unless(has_permission(request.user, Permission.RAISE_CONCERN))
    try:
        draft = selectors.concern_draft_get(actor=request.user, draft_id=draft_id)
    except NotFoundOrNotPermitted:
        if request.method == "POST":  # sent already (a second click): the concern is in the list
            return redirect("front_door:partner_concern_list")
        raise
    return _check_page(
        request,
        pages.PARTNER,
        draft,
        actor=request.user,
        sent=lambda received: redirect("front_door:concern_sent", received.contact.pk),
    )


@login_required
def concern_sent(request: HttpRequest, contact_id: int) -> HttpResponse:
    """The confirmation: the reference, and when the child is in immediate danger, call 999."""
    concern = selectors.partner_concern_get(actor=request.user, contact_id=contact_id)
    return render(request, "front_door/concern_sent.html", {"concern": concern})


@login_required
def partner_concern_list(request: HttpRequest) -> HttpResponse:
    """Concerns you (or your setting) raised and their outcomes, and the front door's requests for information."""
    _404_unless(has_permission(request.user, Permission.VIEW_OWN_CONCERNS))
    return render(
        request,
        "front_door/partner_concern_list.html",
        {
            "concerns": selectors.partner_concern_list(actor=request.user),
            "requests": selectors.partner_information_requests(actor=request.user),
            "drafts": selectors.concern_drafts_of(actor=request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def partner_concern(request: HttpRequest, contact_id: int) -> HttpResponse:
    concern = selectors.partner_concern_get(actor=request.user, contact_id=contact_id)
    return render(request, "front_door/partner_concern.html", {"concern": concern})


@login_required
@require_http_methods(["GET", "POST"])
def information_request_answer(request: HttpRequest, request_id: int) -> HttpResponse:
    info_request, view = selectors.partner_information_request_get(actor=request.user, request_id=request_id)
    can_answer = has_permission(request.user, Permission.ANSWER_INFORMATION_REQUEST, info_request)
    _404_unless(can_answer)
    form = AnswerForm(request.POST if request.method == "POST" and not info_request.is_answered else None)

    def perform() -> str:
        services.information_request_answer(
            actor=request.user, request=info_request, response=form.cleaned_data["response"]
        )
        return "Your answer has been sent to the front door."

    return form_page(
        request,
        form,
        perform=perform,
        success_url=reverse("front_door:partner_concern_list"),
        template="front_door/information_request_answer.html",
        context={"request_view": view, "today": timezone.localdate()},
    )


# -- the public form --------------------------------------------------------------------------------------------


def _public_tokens(request: HttpRequest) -> list[str]:
    return list(request.session.get(PUBLIC_DRAFTS_SESSION_KEY, []))


def _public_draft(request: HttpRequest, token: str) -> Any:
    """The report this browser started: found by its token, only when this browser's session holds it."""
    try:
        return selectors.public_draft_get(token=token, session_tokens=_public_tokens(request))
    except NotFoundOrNotPermitted:
        raise Http404 from None


def _as_if_sent_to_a_bot(request: HttpRequest) -> HttpResponse:
    """Say nothing useful to a program that filled the honeypot; make nothing."""
    request.session[PUBLIC_SENT_SESSION_KEY] = {"reference": "", "immediate_danger": False}
    return redirect("front_door:public_concern_sent")


def _is_bot(request: HttpRequest) -> bool:
    return bool(request.POST.get("website_url", "").strip())


@require_http_methods(["GET", "POST"])
def public_concern(request: HttpRequest) -> HttpResponse:
    """Anyone may tell the front door they are worried about a child, a question a page: this is the first. No
    sign-in, CSRF-protected, throttled per address, with a honeypot for programs. The answers are kept a day, tied
    to this browser's session by an unguessable token; they get a reference number, never anything from a record."""
    if request.method == "POST":
        if _is_bot(request):
            return _as_if_sent_to_a_bot(request)
        if not public_form_allowed(request, what="start"):
            return render(request, "front_door/public_concern_throttled.html", status=429)

    def started(journey: pages.Journey, draft: Any) -> None:
        request.session[PUBLIC_DRAFTS_SESSION_KEY] = [*_public_tokens(request)[-2:], draft.token]

    return _start_page(
        request, pages.PUBLIC, actor=system_actor("public-form"), started=started, context=lambda: {"back_url": ""}
    )


@require_http_methods(["GET", "POST"])
def public_draft_page(request: HttpRequest, token: str, slug: str) -> HttpResponse:
    """One question page of a report a member of the public is making."""
    draft = _public_draft(request, token)
    if request.method == "POST" and _is_bot(request):
        return _as_if_sent_to_a_bot(request)
    return _question_page(request, pages.PUBLIC, draft, slug, actor=system_actor("public-form"))


@require_http_methods(["GET", "POST"])
def public_draft_check(request: HttpRequest, token: str) -> HttpResponse:
    """Check your answers, then send: throttled per address, as the single form was."""
    try:
        draft = _public_draft(request, token)
    except Http404:
        if request.method == "POST" and request.session.get(PUBLIC_SENT_SESSION_KEY):  # sent already (a second click)
            return redirect("front_door:public_concern_sent")
        raise
    if request.method == "POST" and _is_bot(request):
        return _as_if_sent_to_a_bot(request)

    def sent(received: Any) -> HttpResponse:
        request.session[PUBLIC_SENT_SESSION_KEY] = {
            "reference": received.contact.reference,
            "immediate_danger": received.contact.immediate_danger,
        }
        request.session[PUBLIC_DRAFTS_SESSION_KEY] = [t for t in _public_tokens(request) if t != token]
        return redirect("front_door:public_concern_sent")

    return _check_page(
        request,
        pages.PUBLIC,
        draft,
        actor=system_actor("public-form"),
        sent=sent,
        allowed=lambda: public_form_allowed(request),
    )


def public_concern_sent(request: HttpRequest) -> HttpResponse:
    sent = request.session.get(PUBLIC_SENT_SESSION_KEY)
    if not sent:
        return redirect("front_door:public_concern")
    return render(request, "front_door/public_concern_sent.html", {"sent": sent})


# -- the MASH ---------------------------------------------------------------------------------------------------


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The front door's queue of open contacts, each with its one-working-day clock."""
    _404_unless(has_permission(request.user, Permission.WORK_IN_FRONT_DOOR))
    page = request.GET.get("page", "1")
    mash = selectors.mash_queue(
        actor=request.user,
        tab=request.GET.get("tab", selectors.QueueTab.ALL),
        page_number=int(page) if page.isdigit() else 1,
    )
    return render(
        request,
        "front_door/queue.html",
        {
            "queue": mash,
            "tabs": selectors.QueueTab.LABELS,
            "alerts": selectors.alerts_for(actor=request.user),
            "pagination": pagination(mash.page_number, mash.page_count, lambda n: f"?tab={mash.tab}&page={n}"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_record(request: HttpRequest) -> HttpResponse:
    """The front door records a call or an email, a question a page: this is the first (is the child in immediate
    danger?). The duty team is alerted the moment it is recorded, at the end."""
    _404_unless(has_permission(request.user, Permission.WORK_IN_FRONT_DOOR))
    return _start_page(
        request,
        pages.FRONT_DOOR,
        actor=request.user,
        context=lambda: {
            "drafts": selectors.concern_drafts_of(actor=request.user, journey=DraftJourney.FRONT_DOOR),
            "back_url": reverse("front_door:queue"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_draft_page(request: HttpRequest, draft_id: int, slug: str) -> HttpResponse:
    """One question page of a call or email the front door is recording."""
    _404_unless(has_permission(request.user, Permission.WORK_IN_FRONT_DOOR))
    draft = selectors.concern_draft_get(actor=request.user, draft_id=draft_id, journey=DraftJourney.FRONT_DOOR)
    return _question_page(request, pages.FRONT_DOOR, draft, slug, actor=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def contact_draft_check(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Check your answers, then record the contact: then, and only then, is the duty team alerted to a child in
    immediate danger."""
    _404_unless(has_permission(request.user, Permission.WORK_IN_FRONT_DOOR))
    try:
        draft = selectors.concern_draft_get(actor=request.user, draft_id=draft_id, journey=DraftJourney.FRONT_DOOR)
    except NotFoundOrNotPermitted:
        if request.method == "POST":  # recorded already (a second click): the contact is in the queue
            return redirect("front_door:queue")
        raise

    def recorded(received: Any) -> HttpResponse:
        contact = received.contact
        messages.success(request, f"Contact {contact.reference} recorded.")
        return redirect("front_door:contact", contact.pk)

    return _check_page(request, pages.FRONT_DOOR, draft, actor=request.user, sent=recorded)


def _flags(contact: Any) -> dict[str, Any]:
    """Greater-risk flags (M9) for the pages that act on a contact: the child's, wherever the child appears."""
    return {"flags": selectors.contact_flags(contact, timezone.localdate())}


def _contact_for_triage(request: HttpRequest, contact_id: int) -> Any:
    contact = selectors.contact_get(actor=request.user, contact_id=contact_id)
    _404_unless(has_permission(request.user, Permission.TRIAGE_CONTACT, contact))
    return contact


# What each form on a contact is for, as the child's audit trail gives the read.
CONTACT_FORM_PURPOSES = {
    "front_door/information_request_new.html": "Ask partner agencies for information",
    "front_door/decision.html": "Record the front door's decision",
    "front_door/sign_off.html": "Sign off the front door's decision",
}


def _contact_form_page(
    request: HttpRequest,
    contact: Any,
    form: Any,
    perform: Callable[[], str],
    template: str,
    invalid_status: int = 200,
    **context: Any,
) -> HttpResponse:
    """A form the front door fills in on a contact, with the child's greater-risk flags; back to the contact. Shown,
    it names the child: a read in the child's audit trail (issue 26)."""

    def shown() -> dict[str, Any]:
        selectors.contact_form_shown(actor=request.user, contact=contact, purpose=CONTACT_FORM_PURPOSES[template])
        return {"contact": contact, **context, **_flags(contact)}

    return form_page(
        request,
        form,
        perform=perform,
        success_url=reverse("front_door:contact", args=[contact.pk]),
        template=template,
        context=shown,
        invalid_status=invalid_status,
    )


@login_required
def contact(request: HttpRequest, contact_id: int) -> HttpResponse:
    """One contact as the front door works on it."""
    _404_unless(has_permission(request.user, Permission.WORK_IN_FRONT_DOOR))
    view = selectors.contact_for_front_door(actor=request.user, contact_id=contact_id)
    awaiting = next((d for d in view.decisions if d.sign_off == SignOff.AWAITING), None)
    agreed = next((d for d in view.decisions if d.sign_off == SignOff.AGREED), None)
    return render(
        request,
        "front_door/contact.html",
        {
            "view": view,
            "contact": view.contact,
            "note_form": NoteForm(),
            "awaiting": awaiting,
            "agreed": agreed,
            "can_sign_off": awaiting is not None
            and has_permission(request.user, Permission.SIGN_OFF_CONTACT_DECISION, awaiting),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_child(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Confirm which child's record the contact is about: a likely match, a record found by searching, or a new
    record made from the contact."""
    contact = _contact_for_triage(request, contact_id)
    candidates = selectors.child_search_candidates(actor=request.user, contact=contact)
    choices = [
        (
            str(p.pk),
            f"{p.display_name}, born {p.date_of_birth:%d/%m/%Y}, record {p.pk}"
            if p.date_of_birth
            else f"{p.display_name}, record {p.pk}",
        )
        for p in candidates
    ]
    if contact.child_id and contact.child_match == "chosen_by_referrer" and str(contact.child_id) not in dict(choices):
        child = contact.child
        choices.insert(0, (str(child.pk), f"{child.display_name}, record {child.pk} (chosen by the referrer)"))
    form = ConfirmChildForm(request.POST if request.method == "POST" else None, choices=choices)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "create":
                services.contact_child_create(actor=request.user, contact=contact)
                messages.success(request, "New record made for the child and linked to this contact.")
                return redirect("front_door:contact", contact.pk)
            if form.is_valid():
                services.contact_child_confirm(actor=request.user, contact=contact, child_id=form.chosen_id())
                messages.success(request, "Child's record confirmed.")
                return redirect("front_door:contact", contact.pk)
        except NotFoundOrNotPermitted:
            form.add_error(
                "record_number" if request.POST.get("child_record") == "other" else "child_record",
                "There is no child's record with that number",
            )
        except ValidationError as exc:
            apply_domain_errors(form, exc)
    selectors.contact_form_shown(
        actor=request.user, contact=contact, purpose="Confirm the child's record", candidates=list(candidates)
    )
    return render(
        request,
        "front_door/contact_child.html",
        {"contact": contact, "form": form, "candidates": candidates, **_flags(contact)},
    )


@login_required
@require_POST
def contact_note(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = _contact_for_triage(request, contact_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.contact_note_add(actor=request.user, contact=contact, text=form.cleaned_data["text"])
        messages.success(request, "Note added.")
    else:
        messages.error(request, "Write the note before adding it.")
    return redirect("front_door:contact", contact.pk)


@login_required
@require_http_methods(["GET", "POST"])
def information_request_new(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Ask one or several partner agencies what they know, in one go: a request to each, each with its deadline."""
    contact = _contact_for_triage(request, contact_id)
    form = InformationRequestForm(request.POST if request.method == "POST" else None)

    def perform() -> str:
        d = form.cleaned_data
        try:
            created = services.information_requests_create(
                actor=request.user, contact=contact, asks=form.asks(), question=d["question"], is_urgent=d["is_urgent"]
            )
        except ValidationError as exc:
            apply_domain_errors(form, exc, targets=form.error_targets())
            return ""
        due = uk_date(created[0].due_on)
        names = [r.to_organisation.name for r in created]
        agencies = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        return f"Request sent to {agencies}, due {due}."

    return _contact_form_page(request, contact, form, perform, "front_door/information_request_new.html")


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = _contact_for_triage(request, contact_id)
    if contact.status != ContactStatus.AWAITING_DECISION:
        messages.error(request, "This contact already has a decision awaiting sign-off or agreed.")
        return redirect("front_door:contact", contact.pk)
    initial = {"harms": list(contact.harms.values_list("code", flat=True))}
    prompts = prompts_for_child(child=contact.child, moment=PromptMoment.CONTACT_DECISION)
    form = DecisionForm(request.POST if request.method == "POST" else None, initial=initial, prompts=prompts)

    def perform() -> str:
        d = form.cleaned_data
        services.contact_decision_record(
            actor=request.user,
            contact=contact,
            outcome=d["outcome"],
            rationale=d.get("rationale", ""),
            feedback_to_referrer=d.get("feedback_to_referrer", ""),
            harm_codes=list(d.get("harms") or []),
            voice=form.child_voice(),
            prompt_answers=form.prompt_answers(),
        )
        return "Decision recorded. It is now awaiting a manager's sign-off."

    return _contact_form_page(
        request, contact, form, perform, "front_door/decision.html", invalid_status=400, outcomes=DecisionOutcome
    )


@login_required
@require_http_methods(["GET", "POST"])
def sign_off(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = _contact_for_triage(request, contact_id)
    awaiting = selectors.decision_awaiting_sign_off(contact=contact)
    _404_unless(awaiting is not None and has_permission(request.user, Permission.SIGN_OFF_CONTACT_DECISION, awaiting))
    assert awaiting is not None
    form = SignOffForm(request.POST if request.method == "POST" else None)
    today = timezone.localdate()

    def perform() -> str:
        d = form.cleaned_data
        signed = services.contact_decision_sign_off(
            actor=request.user,
            decision=awaiting,
            agree=d["agree"] == "yes",
            comment=d.get("comment", ""),
            late_reason=d.get("late_reason", ""),
        )
        if signed.decision.sign_off != SignOff.AGREED:
            return "Decision returned to the practitioner."
        if signed.referral is not None:
            return "Decision agreed. A referral is recorded and the child's episode of need is open."
        return "Decision agreed."

    return _contact_form_page(
        request,
        contact,
        form,
        perform,
        "front_door/sign_off.html",
        decision=awaiting,
        late=today > contact.decision_due_on,
        today=today,
    )


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = _contact_for_triage(request, contact_id)
    form = FeedbackForm(request.POST if request.method == "POST" else None, initial={"given_on": timezone.localdate()})

    def perform() -> str:
        d = form.cleaned_data
        services.contact_feedback_record(
            actor=request.user, contact=contact, method=d["method"], given_on=d["given_on"], note=d.get("note", "")
        )
        return "Feedback to the referrer recorded."

    return form_page(
        request,
        form,
        perform=perform,
        success_url=reverse("front_door:contact", args=[contact.pk]),
        template="front_door/feedback.html",
        context={"contact": contact},
    )


@login_required
@require_POST
def alert_acknowledge(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = selectors.alert_get(actor=request.user, alert_id=alert_id)
    services.duty_alert_acknowledge(actor=request.user, alert=alert)
    messages.success(request, "Alert acknowledged.")
    target = request.POST.get("next", "")
    return redirect(target if target in ("/front-door/", "/prompts/") else "front_door:prompts")


@login_required
def prompts(request: HttpRequest) -> HttpResponse:
    """Alerts for the signed-in practitioner: a child in immediate danger, repeated early indicators (M8)."""
    _404_unless(has_permission(request.user, Permission.VIEW_PROMPTS))
    return render(request, "front_door/prompts.html", {"alerts": selectors.alerts_for(actor=request.user, limit=100)})


@login_required
@require_http_methods(["GET", "POST"])
def escalation(request: HttpRequest, escalation_id: int) -> HttpResponse:
    """Repeated early indicators for a child: look, act, and say what was done."""
    found = selectors.escalation_for(actor=request.user, escalation_id=escalation_id)
    _404_unless(has_permission(request.user, Permission.CHANGE_CHILD, found.child))
    form = EscalationAcknowledgeForm(request.POST if request.method == "POST" else None)

    def perform() -> str:
        risk_indicator_escalation_acknowledge(
            actor=request.user, escalation=found, action_taken=form.cleaned_data["action_taken"]
        )
        return "Recorded what you did about the repeated indicators."

    def context() -> dict[str, Any]:
        # Read (and audited) only when the page is shown.
        history = selectors.child_front_door_history(actor=request.user, child_id=found.child_id)
        return {"escalation": found, "history": history}

    return form_page(
        request,
        form,
        perform=perform,
        success_url=reverse("front_door:prompts"),
        template="front_door/escalation.html",
        context=context,
    )


@login_required
def child_history(request: HttpRequest, child_id: int) -> HttpResponse:
    """A child's contacts, referrals, episodes of need and early indicators."""
    history = selectors.child_front_door_history(actor=request.user, child_id=child_id)
    _404_unless(has_permission(request.user, Permission.VIEW_FRONT_DOOR_HISTORY, history.child))
    return render(request, "front_door/child_history.html", {"history": history})
