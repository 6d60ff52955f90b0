"""A concern told to the front door as GOV.UK question pages: one thing per page, in the order the guidance asks
them (danger first, then the child, then what happened, then the family and consent), a "Check your answers" page,
then send (or record). One mechanism serves each journey (`Journey`): the partner raising a concern, the front door
recording a call or an email, and a member of the public reporting one on their phone. Each journey names its pages,
its form and its words; everything else (which page comes next, which errors a page shows, the check page's rows,
the order of problems) is the same code.

The pages only collect: each keeps what was typed on the draft (services/drafts.py) and checks only its shape (a
real date, a choice that exists). Every rule about what a concern must say is the service's, asked once, when it is
sent (or the check page is looked at): its problems come back by field, and are shown all at once, in the order of
these pages, each linking to the page that asks it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django import forms
from django.http import QueryDict
from django.urls import reverse

from joinedup.agencies.models import Organisation
from joinedup.people.identifiers import normalise_nhs_number
from joinedup.people.models import Person
from joinedup.ui.govuk import first_input_id, uk_date

from .forms import ConcernForm, FrontDoorContactForm, PublicConcernForm, _ConcernFields
from .models import ConcernDraft, DraftJourney
from .services import ChildAsDescribed, ConcernDetails, ReferrerDetails

CHILD_RECORD = "child_record_choice"  # the answer to "Is this the child?": a record's number, or "none"
NOT_THIS_CHILD = "none"
CHILD_RECORD_REQUIRED = "Select if this is the child you are worried about, or None of these"
DATE_FIELDS = ("child_date_of_birth", "child_expected_date_of_delivery")
# The service names "which child" as `child`; the form asks it under the first name.
SERVICE_TO_FIELD = {"child": "child_given_name", "child_record": CHILD_RECORD}


@dataclass(frozen=True)
class QuestionPage:
    slug: str
    title: str
    fields: tuple[str, ...]
    about_the_child: bool = False  # not asked when the concern starts from the child's record


@dataclass(frozen=True)
class Journey:
    """One way of telling the front door about a child, page by page: its pages in order, the form whose fields they
    ask, the names of its URLs (`<prefix>_page`, `<prefix>_check`, and the first page's), and its words."""

    name: DraftJourney
    pages: tuple[QuestionPage, ...]
    form_class: type[_ConcernFields]
    url_prefix: str
    start_url_name: str
    caption: str  # above every page's heading: what is being done
    check_title: str
    send_text: str  # the check page's button
    not_sent: str  # the banner's words until it is sent or recorded

    @cached_property
    def by_slug(self) -> dict[str, QuestionPage]:
        return {p.slug: p for p in self.pages}

    @cached_property
    def page_of_field(self) -> dict[str, QuestionPage]:
        """Where an error about a field is shown: its page. "child" (which child is this?) is asked by the name."""
        of_field = {name: p for p in self.pages for name in p.fields}
        return of_field | {"child": of_field["child_given_name"]}

    @cached_property
    def field_order(self) -> dict[str, int]:
        order = {name: n for n, name in enumerate(name for p in self.pages for name in p.fields)}
        return order | {"child": order["child_given_name"]}

    @property
    def is_public(self) -> bool:
        return self.name == DraftJourney.PUBLIC

    # -- which pages, in what order ------------------------------------------------------------------------------

    def pages_for(self, draft: ConcernDraft | None) -> list[QuestionPage]:
        """The pages this draft asks: about a child already known (started from their record), none about the child."""
        known = draft is not None and draft.child_id is not None
        return [p for p in self.pages if not (known and p.about_the_child)]

    def first_page(self) -> QuestionPage:
        return self.pages[0]

    def next_page(self, draft: ConcernDraft, page: QuestionPage) -> QuestionPage | None:
        pages = self.pages_for(draft)
        index = pages.index(page)
        return pages[index + 1] if index + 1 < len(pages) else None

    def previous_page(self, draft: ConcernDraft | None, page: QuestionPage) -> QuestionPage | None:
        pages = self.pages_for(draft)
        index = pages.index(page)
        return pages[index - 1] if index > 0 else None

    # -- where they are ------------------------------------------------------------------------------------------

    def draft_key(self, draft: ConcernDraft) -> str | int:
        """How a draft is named in its URLs: the public's by its unguessable token, never by a number."""
        return draft.token if self.is_public else draft.pk

    def page_url(self, draft: ConcernDraft, page: QuestionPage, *, change: bool = False) -> str:
        url = reverse(f"front_door:{self.url_prefix}_page", args=[self.draft_key(draft), page.slug])
        return f"{url}?change=check" if change else url

    def check_url(self, draft: ConcernDraft) -> str:
        return reverse(f"front_door:{self.url_prefix}_check", args=[self.draft_key(draft)])

    def start_url(self) -> str:
        return reverse(self.start_url_name)

    # -- the answers -----------------------------------------------------------------------------------------------

    def bound_form(self, answers: dict[str, list[str]]) -> _ConcernFields:
        """The whole journey's form, bound to the answers so far: each page shows its own fields of it."""
        data = QueryDict(mutable=True)
        for name, values in answers.items():
            data.setlist(name, values)
        form = self.form_class(data)
        form.is_valid()
        return form

    def page_form(self, draft: ConcernDraft | None, page: QuestionPage, post: QueryDict | None) -> _ConcernFields:
        """The form for one page: the draft's answers, with this page's as posted; only this page's errors shown."""
        answers = dict(draft.answers) if draft is not None else {}
        if post is not None:
            answers.update(answers_posted(page, post))
        form = self.bound_form(answers)
        if post is None:
            form.errors.clear()
        else:
            keep_errors(form, page.fields)
        return form

    def described(
        self, draft: ConcernDraft, form: _ConcernFields
    ) -> tuple[ChildAsDescribed, ConcernDetails, int | None]:
        """The child, the concern and the record chosen on "Is this the child?", from the answers whose shape is
        right."""
        if not hasattr(form, "cleaned_data"):
            form.is_valid()
        child = child_from_record(draft.child) if draft.child is not None else form.child_described()
        chosen = (draft.answers.get(CHILD_RECORD) or [""])[0]
        record_id = draft.child_id if draft.child_id is not None else (int(chosen) if chosen.isdigit() else None)
        return child, form.concern_details(), record_id

    def referrer(self, form: _ConcernFields) -> ReferrerDetails | None:
        """Who told the front door: the caller or writer, or the member of the public; a partner is themselves."""
        details = getattr(form, "referrer_details", None)
        return details() if details is not None else None

    # -- problems, all at once, in page order ------------------------------------------------------------------------

    def problems_in_page_order(
        self, draft: ConcernDraft, form: _ConcernFields, service_problems: dict[str, list[str]]
    ) -> list[Problem]:
        """Every problem, the form's (shape) and the service's (rules), in the order the pages ask them; a field's
        shape problem stands for it alone (the service saw no answer there)."""
        asked = {p.slug for p in self.pages_for(draft)}
        found: list[tuple[int, int, Problem]] = []
        shape = {name: [str(m) for m in msgs] for name, msgs in form.errors.items() if name in self.page_of_field}
        for name, messages in service_problems.items():
            target = SERVICE_TO_FIELD.get(name, name)
            if target in shape or target not in self.page_of_field:
                continue
            shape.setdefault(target, []).extend(messages)
        for name, messages in shape.items():
            page = self.page_of_field[name]
            if page.slug not in asked:
                continue
            for n, message in enumerate(messages):
                found.append((self.field_order[name], n, Problem(name, message, page)))
        seen: set[str] = set()
        ordered = []
        for _, _, problem in sorted(found, key=lambda t: (t[0], t[1])):
            if problem.message not in seen:  # each message once in a summary
                seen.add(problem.message)
                ordered.append(problem)
        return ordered

    def summary_item(self, problem: Problem, draft: ConcernDraft, form: _ConcernFields) -> dict[str, str]:
        anchor = problem.field if problem.field == CHILD_RECORD else first_input_id(form[problem.field])
        return {
            "text": problem.message,
            "href": f"{self.page_url(draft, problem.page, change=True)}&show=problems#{anchor}",
        }

    # -- the check page ----------------------------------------------------------------------------------------------

    def answer_rows(self, draft: ConcernDraft, form: _ConcernFields) -> list[dict[str, Any]]:
        """The check page's summary list: each question asked, its answer in words, and a Change link back to its page
        that returns here. A child known from their record is shown, without a Change link (it is the record's)."""
        rows: list[dict[str, Any]] = []
        if draft.child is not None:
            rows.extend(_known_child_rows(draft.child))
        for page in self.pages_for(draft):
            if page.slug == "child-record":
                chosen = (draft.answers.get(CHILD_RECORD) or [""])[0]
                if not chosen:
                    continue
                text = "None of these, or I am not sure" if chosen == NOT_THIS_CHILD else f"Yes, record {chosen}"
                rows.append(self._row(draft, page, "Is this the child?", text))
                continue
            for name in page.fields:
                key = str(form[name].label)
                rows.append(self._row(draft, page, key, _answer_text(form, name)))
        return rows

    def _row(self, draft: ConcernDraft, page: QuestionPage, key: str, value: str) -> dict[str, Any]:
        return {
            "key": {"text": key},
            "value": {"text": value},
            "actions": {
                "items": [
                    {
                        "href": self.page_url(draft, page, change=True),
                        "text": "Change",
                        "visuallyHiddenText": key.lower(),
                    }
                ]
            },
        }


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    page: QuestionPage


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


def keep_errors(form: forms.Form, names: tuple[str, ...]) -> None:
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


def _known_child_rows(person: Person) -> list[dict[str, Any]]:
    child = child_from_record(person)
    school = (
        Organisation.objects.filter(pk=child.school_id).values_list("name", flat=True).first()
        if child.school_id is not None
        else None
    )
    return [
        {"key": {"text": key}, "value": {"text": value}}
        for key, value in (
            ("Child", f"{child.given_name} {child.family_name}".strip()),
            ("Date of birth", uk_date(child.date_of_birth) if child.date_of_birth else "Not recorded"),
            ("Address", ", ".join(v for v in (child.address, child.postcode) if v) or "Not recorded"),
            ("School or setting", school or "Not recorded"),
        )
    ]


def _answer_text(form: forms.Form, name: str) -> str:
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


def first_field_id(form: forms.Form, page: QuestionPage) -> str:
    name = page.fields[0]
    return name if name == CHILD_RECORD else first_input_id(form[name])


# -- the journeys ------------------------------------------------------------------------------------------------

_DANGER = QuestionPage("danger", "Is the child in immediate danger?", ("immediate_danger",))
_URGENCY = QuestionPage("urgency", "How urgent is this?", ("urgency",))
_CHILD_NAME = QuestionPage("child-name", "What is the child's name?", ("child_given_name", "child_family_name"), True)
_CHILD_BORN = QuestionPage(
    "child-born",
    "Is the child born yet?",
    ("child_is_unborn", "child_date_of_birth", "child_expected_date_of_delivery"),
    True,
)
_CHILD_ADDRESS = QuestionPage("child-address", "Where does the child live?", ("child_address", "child_postcode"), True)
_CHILD_SCHOOL = QuestionPage(
    "child-school", "What else do you know about the child?", ("child_nhs_number", "child_school"), True
)
_CHILD_RECORD = QuestionPage("child-record", "Is this the child?", (CHILD_RECORD,), True)
_KIND = QuestionPage("kind", "What are you raising?", ("kind",))
_WHAT_HAPPENED = QuestionPage("what-happened", "What has happened, or what have you seen or heard?", ("what_happened",))
_CHILDS_WORDS = QuestionPage("childs-words", "What has the child said?", ("childs_words",))
_HARMS = QuestionPage(
    "harms", "Which harms is the child experiencing or at risk of?", ("harms", "extra_familial_perpetration")
)
_INDICATORS = QuestionPage("indicators", "Have you noticed any of these early signs?", ("indicators",))
_SUPPORT = QuestionPage("support", "What support do you think would help?", ("support_requested",))
_FAMILY = QuestionPage("family", "Does the family know you are raising this?", ("family_aware", "family_knows"))
_CONSENT = QuestionPage("consent", "Has the family agreed to this being shared?", ("consent", "consent_reason"))

PARTNER = Journey(
    name=DraftJourney.PARTNER,
    pages=(
        _DANGER,
        _URGENCY,
        _CHILD_NAME,
        _CHILD_BORN,
        _CHILD_ADDRESS,
        _CHILD_SCHOOL,
        _CHILD_RECORD,
        _KIND,
        _WHAT_HAPPENED,
        _CHILDS_WORDS,
        _HARMS,
        _INDICATORS,
        _SUPPORT,
        _FAMILY,
        _CONSENT,
    ),
    form_class=ConcernForm,
    url_prefix="concern",
    start_url_name="front_door:concern_raise",
    caption="Raise a concern or request for support",
    check_title="Check your answers before sending your concern",
    send_text="Send to the front door",
    not_sent="Your concern has not been sent yet.",
)

# The front door takes a call or reads an email: danger first (the duty team is alerted the moment it is
# recorded), then who it is from, then the same questions as a partner's, with the front door's own possible-match
# step (every record the front door may open that matches, nothing chosen for them).
FRONT_DOOR = Journey(
    name=DraftJourney.FRONT_DOOR,
    pages=(
        _DANGER,
        _URGENCY,
        QuestionPage("how", "How did it reach the front door?", ("channel", "source")),
        QuestionPage(
            "who", "Who is it from?", ("referrer_name", "referrer_organisation", "referrer_phone", "referrer_email")
        ),
        _CHILD_NAME,
        _CHILD_BORN,
        _CHILD_ADDRESS,
        _CHILD_SCHOOL,
        _CHILD_RECORD,
        _KIND,
        _WHAT_HAPPENED,
        _CHILDS_WORDS,
        _HARMS,
        _INDICATORS,
        _SUPPORT,
        QuestionPage("family", "Does the family know about this contact?", ("family_aware", "family_knows")),
        _CONSENT,
    ),
    form_class=FrontDoorContactForm,
    url_prefix="contact_draft",
    start_url_name="front_door:contact_record",
    caption="Record a call or email",
    check_title="Check your answers before recording the contact",
    send_text="Record the contact",
    not_sent="This contact has not been recorded yet.",
)

# A member of the public, most often on a phone: short pages, plain words, nothing about records.
PUBLIC = Journey(
    name=DraftJourney.PUBLIC,
    pages=(
        _DANGER,
        QuestionPage("child-name", "What is the child's name?", ("child_given_name", "child_family_name")),
        QuestionPage("child-age", "How old is the child?", ("child_age_years", "child_date_of_birth")),
        QuestionPage("child-address", "Where does the child live?", ("child_address", "child_postcode")),
        QuestionPage("child-school", "Which school or nursery does the child go to?", ("child_school_name",)),
        QuestionPage("what-happened", "What has happened, or what have you seen or heard?", ("what_happened",)),
        _CHILDS_WORDS,
        QuestionPage("harms", "What kind of harm do you think it is?", ("harms", "extra_familial_perpetration")),
        QuestionPage("indicators", "Have you noticed any of these?", ("indicators",)),
        QuestionPage("family", "Does the child's family know you are contacting us?", ("family_aware", "family_knows")),
        QuestionPage("consent", "Does the family agree to you telling us?", ("consent", "consent_reason")),
        QuestionPage("about-you", "How do you know the child?", ("referrer_relationship",)),
        QuestionPage("your-details", "How can we contact you?", ("referrer_name", "referrer_phone", "referrer_email")),
    ),
    form_class=PublicConcernForm,
    url_prefix="public_draft",
    start_url_name="front_door:public_concern",
    caption="Tell us you are worried about a child",
    check_title="Check your answers before sending",
    send_text="Send",
    not_sent="You have not sent this yet.",
)

JOURNEYS = {j.name: j for j in (PARTNER, FRONT_DOOR, PUBLIC)}
