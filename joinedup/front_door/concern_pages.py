"""The partner's concern as GOV.UK question pages: one thing per page, in the order the guidance asks them (danger
first, then the child, then what happened, then the family and consent), a "Check your answers" page, then send.

The pages only collect: each keeps what was typed on the partner's draft (services/drafts.py) and checks only its
shape (a real date, a choice that exists). Every rule about what a concern must say is the service's, asked once,
when the partner sends it (or looks at the check page): its problems come back by field, and are shown all at once,
in the order of these pages, each linking to the page that asks it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.http import QueryDict
from django.urls import reverse

from joinedup.agencies.models import Organisation
from joinedup.people.identifiers import normalise_nhs_number
from joinedup.people.models import Person
from joinedup.ui.govuk import first_input_id, uk_date

from .forms import ConcernForm
from .models import ConcernDraft
from .services import ChildAsDescribed, ConcernDetails

CHILD_RECORD = "child_record_choice"  # the answer to "Is this the child?": a record's number, or "none"
NOT_THIS_CHILD = "none"
CHILD_RECORD_REQUIRED = "Select if this is the child you are worried about, or None of these"


@dataclass(frozen=True)
class QuestionPage:
    slug: str
    title: str
    fields: tuple[str, ...]
    about_the_child: bool = False  # not asked when the concern starts from the child's record


PAGES: tuple[QuestionPage, ...] = (
    QuestionPage("danger", "Is the child in immediate danger?", ("immediate_danger",)),
    QuestionPage("urgency", "How urgent is this?", ("urgency",)),
    QuestionPage("child-name", "What is the child's name?", ("child_given_name", "child_family_name"), True),
    QuestionPage(
        "child-born",
        "Is the child born yet?",
        ("child_is_unborn", "child_date_of_birth", "child_expected_date_of_delivery"),
        True,
    ),
    QuestionPage("child-address", "Where does the child live?", ("child_address", "child_postcode"), True),
    QuestionPage("child-school", "What else do you know about the child?", ("child_nhs_number", "child_school"), True),
    QuestionPage("child-record", "Is this the child?", (CHILD_RECORD,), True),
    QuestionPage("kind", "What are you raising?", ("kind",)),
    QuestionPage("what-happened", "What has happened, or what have you seen or heard?", ("what_happened",)),
    QuestionPage("childs-words", "What has the child said?", ("childs_words",)),
    QuestionPage(
        "harms", "Which harms is the child experiencing or at risk of?", ("harms", "extra_familial_perpetration")
    ),
    QuestionPage("indicators", "Have you noticed any of these early signs?", ("indicators",)),
    QuestionPage("support", "What support do you think would help?", ("support_requested",)),
    QuestionPage("family", "Does the family know you are raising this?", ("family_aware", "family_knows")),
    QuestionPage("consent", "Has the family agreed to this being shared?", ("consent", "consent_reason")),
)
BY_SLUG = {p.slug: p for p in PAGES}
# Where a service's error about a field is shown: its page. "child" (which child is this?) is asked by the name.
PAGE_OF_FIELD = {name: p for p in PAGES for name in p.fields} | {"child": BY_SLUG["child-name"]}
FIELD_ORDER = {name: n for n, name in enumerate(name for p in PAGES for name in p.fields)} | {"child": 2}
DATE_FIELDS = ("child_date_of_birth", "child_expected_date_of_delivery")
# The service names "which child" as `child`; the form asks it under the first name.
SERVICE_TO_FIELD = {"child": "child_given_name", "child_record": CHILD_RECORD}


def pages_for(draft: ConcernDraft | None) -> list[QuestionPage]:
    """The pages this concern asks: about a child already known (started from their record), none about the child."""
    known = draft is not None and draft.child_id is not None
    return [p for p in PAGES if not (known and p.about_the_child)]


def next_page(draft: ConcernDraft, page: QuestionPage) -> QuestionPage | None:
    pages = pages_for(draft)
    index = pages.index(page)
    return pages[index + 1] if index + 1 < len(pages) else None


def previous_page(draft: ConcernDraft | None, page: QuestionPage) -> QuestionPage | None:
    pages = pages_for(draft)
    index = pages.index(page)
    return pages[index - 1] if index > 0 else None


def page_url(draft: ConcernDraft, page: QuestionPage, *, change: bool = False) -> str:
    url = reverse("front_door:concern_page", args=[draft.pk, page.slug])
    return f"{url}?change=check" if change else url


def check_url(draft: ConcernDraft) -> str:
    return reverse("front_door:concern_check", args=[draft.pk])


def answers_posted(page: QuestionPage, post: QueryDict) -> dict[str, list[str]]:
    """The page's answers, as typed (every answer the page asks, an unticked box as none)."""
    answers: dict[str, list[str]] = {}
    for name in page.fields:
        if name in DATE_FIELDS:
            for part in range(3):
                answers[f"{name}_{part}"] = [post.get(f"{name}_{part}", "").strip()]
        else:
            answers[name] = [v.strip() for v in post.getlist(name)]
    return answers


def bound_form(answers: dict[str, list[str]]) -> ConcernForm:
    """The whole concern's form, bound to the answers so far: each page shows its own fields of it."""
    data = QueryDict(mutable=True)
    for name, values in answers.items():
        data.setlist(name, values)
    form = ConcernForm(data)
    form.is_valid()
    return form


def keep_errors(form: ConcernForm, names: tuple[str, ...]) -> None:
    """Only the errors of the page's own fields: the others are for their own pages."""
    for name in list(form.errors):
        if name not in names:
            del form.errors[name]


def child_from_record(child: Person) -> ChildAsDescribed:
    """A child the partner can already see: what the record says, never typed again."""
    profile = getattr(child, "child_profile", None)
    return ChildAsDescribed(
        given_name=child.given_name,
        family_name=child.family_name,
        date_of_birth=child.date_of_birth,
        is_unborn=bool(profile and profile.is_unborn),
        expected_date_of_delivery=profile.expected_date_of_delivery if profile else None,
        nhs_number=child.nhs_number or "",
        address=child.address,
        postcode=child.postcode,
        school_id=profile.school_id if profile else None,
    )


def described(draft: ConcernDraft, form: ConcernForm) -> tuple[ChildAsDescribed, ConcernDetails, int | None]:
    """The child, the concern and the record the partner chose, from the answers whose shape is right."""
    if not hasattr(form, "cleaned_data"):
        form.is_valid()
    child = child_from_record(draft.child) if draft.child is not None else form.child_described()
    chosen = (draft.answers.get(CHILD_RECORD) or [""])[0]
    record_id = draft.child_id if draft.child_id is not None else (int(chosen) if chosen.isdigit() else None)
    return child, form.concern_details(), record_id


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    page: QuestionPage

    def summary_item(self, draft: ConcernDraft, form: ConcernForm) -> dict[str, str]:
        anchor = self.field if self.field == CHILD_RECORD else first_input_id(form[self.field])
        return {"text": self.message, "href": f"{page_url(draft, self.page, change=True)}&show=problems#{anchor}"}


def problems_in_page_order(
    draft: ConcernDraft, form: ConcernForm, service_problems: dict[str, list[str]]
) -> list[Problem]:
    """Every problem, the form's (shape) and the service's (rules), in the order the pages ask them; a field's
    shape problem stands for it alone (the service saw no answer there)."""
    asked = {p.slug for p in pages_for(draft)}
    found: list[tuple[int, int, Problem]] = []
    shape = {name: [str(m) for m in messages] for name, messages in form.errors.items() if name in PAGE_OF_FIELD}
    for name, messages in service_problems.items():
        field = SERVICE_TO_FIELD.get(name, name)
        if field in shape or field not in PAGE_OF_FIELD:
            continue
        shape.setdefault(field, []).extend(messages)
    for field, messages in shape.items():
        page = PAGE_OF_FIELD[field]
        if page.slug not in asked:
            continue
        for n, message in enumerate(messages):
            found.append((FIELD_ORDER[field], n, Problem(field, message, page)))
    seen: set[str] = set()
    ordered = []
    for _, _, problem in sorted(found, key=lambda t: (t[0], t[1])):
        if problem.message not in seen:  # each message once in a summary
            seen.add(problem.message)
            ordered.append(problem)
    return ordered


def answer_rows(draft: ConcernDraft, form: ConcernForm) -> list[dict[str, Any]]:
    """The check page's summary list: each question asked, its answer in words, and a Change link back to its page
    that returns here. A child known from their record is shown, without a Change link (it is the record's)."""
    rows: list[dict[str, Any]] = []
    if draft.child is not None:
        child = child_from_record(draft.child)
        school = (
            Organisation.objects.filter(pk=child.school_id).values_list("name", flat=True).first()
            if child.school_id is not None
            else None
        )
        for key, value in (
            ("Child", f"{child.given_name} {child.family_name}".strip()),
            ("Date of birth", uk_date(child.date_of_birth) if child.date_of_birth else "Not recorded"),
            ("Address", ", ".join(v for v in (child.address, child.postcode) if v) or "Not recorded"),
            ("School or setting", school or "Not recorded"),
        ):
            rows.append({"key": {"text": key}, "value": {"text": value}})
    for page in pages_for(draft):
        if page.slug == "child-record":
            chosen = (draft.answers.get(CHILD_RECORD) or [""])[0]
            if not chosen:
                continue
            text = "None of these, or I am not sure" if chosen == NOT_THIS_CHILD else f"Yes, record {chosen}"
            rows.append(_row(draft, page, "Is this the child?", text, CHILD_RECORD))
            continue
        for name in page.fields:
            rows.append(_row(draft, page, str(form[name].label), _answer_text(form, name), name))
    return rows


def _row(draft: ConcernDraft, page: QuestionPage, key: str, value: str, name: str) -> dict[str, Any]:
    return {
        "key": {"text": key},
        "value": {"text": value},
        "actions": {
            "items": [{"href": page_url(draft, page, change=True), "text": "Change", "visuallyHiddenText": key.lower()}]
        },
    }


def _answer_text(form: ConcernForm, name: str) -> str:
    bound = form[name]
    raw = bound.value()
    if name in form.errors:
        return "Not a valid answer yet"
    value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
    if value in (None, "", []):
        return "Not answered"
    if isinstance(value, date):
        return uk_date(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Organisation):
        return value.name
    if name == "child_nhs_number":
        return normalise_nhs_number(str(value))
    choices = dict(getattr(bound.field, "choices", []) or [])
    if isinstance(value, list):
        return ", ".join(str(choices.get(v, v)) for v in value)
    if choices and isinstance(raw, str):
        return str(choices.get(raw, raw))
    return str(value)


def page_form(draft: ConcernDraft | None, page: QuestionPage, post: QueryDict | None) -> ConcernForm:
    """The form for one page: the draft's answers, with this page's as posted; only this page's errors shown."""
    answers = dict(draft.answers) if draft is not None else {}
    if post is not None:
        answers.update(answers_posted(page, post))
    form = bound_form(answers)
    if post is None:
        form.errors.clear()
    else:
        keep_errors(form, page.fields)
    return form


def first_field_id(form: forms.Form, page: QuestionPage) -> str:
    name = page.fields[0]
    return name if name == CHILD_RECORD else first_input_id(form[name])
