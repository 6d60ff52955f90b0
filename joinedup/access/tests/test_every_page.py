"""Every page and API endpoint, as every login, with a record the login may see and one it may not (issue 26).

Generated from the URL configuration: every pattern `get_resolver()` holds is requested, so a page added later is
walked too, and a pattern whose arguments this test cannot fill fails it (add its record kind to KINDS, or, for a
pattern that shows no child's record, to SHOWS_NO_CHILD with the reason, and what fills its arguments to
NO_CHILD_ARGUMENTS). The world is every_page_world.py: side A's
children each login may see (the front door's, the team's, the school's, through involvements), side B's none may.

Each pattern is asked for with side A's record, with side B's, and, where it names a child and a record of the
child's, with side A's child and side B's record. Each answer fails the test when
- it answers 2xx for a record whose child is outside the login's scope (access/scopes.py), or for side B's record
  at all (a worker, a break-glass access, a run of a return), unless ANSWERS_OUTSIDE_SCOPE says why it may;
- it shows (by family name) a child outside the login's scope, on any page;
- it shows a child the login may see with no audit event for that child written by the request (a list writes a
  "listed" event for each child it shows; a page a "viewed" one), or answers 2xx for a child's record with no event
  for that child, unless SHOWS_NO_CHILD says why it shows none.
API endpoints are also sent every other method they take (POST, PUT, PATCH, DELETE) for side B's records: none may
answer 2xx. Each request runs in a savepoint rolled back after it, so none changes what the next one finds.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.access.scopes import children_visible_to
from joinedup.audit.models import AuditEvent
from joinedup.front_door.models import ConcernDraft
from joinedup.partnership.models import InequalityAction, ScrutinyFinding
from joinedup.people.models import Person

from .every_page_world import NOW, RECORD_CHILD, WHOLE_AUTHORITY_LOGINS, EveryPageWorld, build

# -- what fills each argument ----------------------------------------------------------------------------------------
# The record kind each URL argument names (every_page_world.py builds one of each kind on each side).
KINDS: dict[str, str] = {
    "child_id": "fh_child",
    "contact_id": "contact",
    "request_id": "information_request",
    "alert_id": "alert",
    "escalation_id": "escalation",
    "episode_id": "missing_episode",
    "decision_id": "adoption_decision",
    "order_id": "dol_order",
    "run_id": "return_run",
    "enquiry_id": "enquiry",
    "conference_id": "conference",
    "plan_id": "cp_plan",
    "draft_id": "draft",
    "note_id": "case_note",
    "visit_id": "visit",
    "document_id": "document",
    "referral_id": "referral",
    "assessment_id": "assessment",
    "case_id": "family_help_case",
    "member_id": "network_member",
    "fgdm_id": "fgdm",
    "challenge_id": "challenge",
    "access_id": "break_glass",
    "worker_id": "worker",
    "discussion_id": "strategy_discussion",
    "incident_id": "serious_incident",
    "contribution_id": "rapid_review_contribution",
    "recommendation_id": "recommendation",
    "person_id": "network_person",
    "relationship_id": "relationship",
}
# Where an argument's name means another kind on some patterns: (pattern name, argument) -> kind.
KIND_OVERRIDES: dict[tuple[str, str], str] = {
    ("child_protection:pre_proceedings_meeting_new", "record_id"): "pre_proceedings",
    ("child_protection:pre_proceedings_end", "record_id"): "pre_proceedings",
    ("child_protection:pre_proceedings_fgdm_response", "record_id"): "pre_proceedings",
    ("child_protection:pre_proceedings_fgdm_meeting", "record_id"): "pre_proceedings",
    ("oversight:supervision_sign_off", "record_id"): "supervision_record",
    ("oversight:supervision_action_done", "action_id"): "supervision_action",
    ("family_help:plan_action_status", "action_id"): "plan_action",
    ("child_protection:agency_report", "conference_id"): "review_conference",
    ("child_protection:strategy_action_done", "action_id"): "strategy_action",
    ("child_protection:action_update", "action_id"): "cp_plan_action",
    ("learning:action", "action_id"): "learning_action",
    ("api:learning_progress", "action_id"): "learning_action",
    ("api:learning_complete", "action_id"): "learning_action",
}
# The child a page about a child is asked with, by the pattern's namespace or name (the Family Help child otherwise).
CHILD_FOR: dict[str, str] = {
    "children_in_care": "care_child",
    "care_leavers": "leaver_child",
    "child_protection": "cp_child",
    "assessments:birth_record": "unborn_child",
    "assessments:expected_date_change": "unborn_child",
    "api:child_care_episodes": "care_child",
    "api:child_placements": "care_child",
    "api:child_adoption_decisions": "care_child",
    "api:child_deprivation_of_liberty_orders": "care_child",
}
# Kinds whose records are not a child's: who may reach them is their own rule, tested by side B's never answering.
NOT_A_CHILDS_RECORD = frozenset({"worker", "break_glass", "return_run"})

# Patterns that take arguments but show no child's record, each with the reason (one line each).
SHOWS_NO_CHILD: dict[str, str] = {
    "assessments:practice_prompt_edit": "a practice prompt is the authority's question, not a child's record",
    "timescales:local_rule_change": "a local figure for a statutory rule, not a child's record",
    "access:api_token_issue": "a partner system's API token, the administrator's to issue; it names no child",
    "access:api_token_rotate": "a partner system's API token, the administrator's to rotate; it names no child",
    "access:api_token_revoke": "a partner system's API token, the administrator's to revoke; it names no child",
    "access:enrolment_link_open": "a one-time link to set up an authenticator app; it names no child",
    "access:staff_organisation": "an organisation, its teams and people: the administrator's; it names no child",
    "access:staff_organisation_change": "an organisation's details, the administrator's to change; it names no child",
    "access:staff_team_new": "adding a team to an organisation, the administrator's; it names no child",
    "access:staff_team_change": "a team's details, the administrator's to change; it names no child",
    "access:staff_practitioner_new": "adding a practitioner, the administrator's; it names no child",
    "access:staff_practitioner": "a practitioner and how many children they hold (a number); it names no child",
    "access:staff_practitioner_change": "a practitioner's details, the administrator's to change; it names no child",
    "access:staff_practitioner_invite": "inviting a practitioner to sign in, the administrator's; it names no child",
    "access:staff_practitioner_move": "moving a practitioner between teams, the administrator's; it names no child",
    "access:staff_practitioner_deactivate": "deactivating a leaver, the administrator's; it names no child",
    "api:organisation": "an organisation, the administrator's; it names no child",
    "api:team": "a team, the administrator's; it names no child",
    "api:practitioner": "a practitioner, the administrator's; it names no child",
    "api:practitioner_invite": "inviting a practitioner, the administrator's; it names no child",
    "api:practitioner_move": "moving a practitioner, the administrator's; it answers a number of children, no child",
    "api:practitioner_deactivate": "deactivating a leaver, the administrator's; it answers a number, no child",
    "oversight:keep_with_worker": "a manager's decision on a moved worker's allocation, taken by POST only",
    "front_door:concern_page": "a partner's concern not sent yet, which only its author opens (test_concern_pages.py)",
    "front_door:concern_check": "a partner's concern not sent yet, which only its author opens (test_concern_pages.py)",
    "front_door:contact_draft_page": "a call not recorded yet, only its author's (test_contact_pages.py)",
    "front_door:contact_draft_check": "a call not recorded yet, only its author's (test_contact_pages.py)",
    "front_door:public_draft_page": "a public report not sent yet, only its own browser's (test_public_pages.py)",
    "front_door:public_draft_check": "a public report not sent yet, only its own browser's (test_public_pages.py)",
    "partnership:inequality_action": "an action on inequalities holds counts of children, never a child",
    "api:inequality_action": "an action on inequalities holds counts of children, never a child",
    "partnership:scrutiny_finding": "an independent scrutiny finding is about the partnership, not a child",
    "partnership:report": "the partnership's yearly report holds counts of children, never a child",
    "partnership:report_pdf": "the partnership's yearly report holds counts of children, never a child",
    "partnership:report_publish": "the partnership's yearly report holds counts of children, never a child",
    "partnership:report_narrative": "the partnership's yearly report holds counts of children, never a child",
}
# What fills the arguments of those patterns, by argument name (one line each).
NO_CHILD_ARGUMENTS: dict[str, Callable[[EveryPageWorld], Any]] = {
    "prompt_id": lambda w: w.practice_prompt.pk,
    "rule_code": lambda _w: "strategy_discussion",
    "interval": lambda _w: "standard",
    "period": lambda _w: 0,
    "partner_system_id": lambda w: w.partner_token.partner_system_id,
    "token_id": lambda w: w.partner_token.pk,
    "token": lambda _w: "not-a-link-anyone-was-given",
    "draft_id": lambda w: _concern_draft(w),
    "slug": lambda _w: "danger",
    "organisation_id": lambda w: w.logins["social.worker"].practitioner.organisation_id,
    "team_id": lambda w: w.logins["social.worker"].practitioner.team_id,
    "practitioner_id": lambda w: w.logins["social.worker"].practitioner.pk,
    "involvement_id": lambda _w: 0,
    "inequality_action_id": lambda w: _inequality_action(w),
    "finding_id": lambda w: _scrutiny_finding(w),
    "year": lambda _w: NOW.year + (1 if NOW.month >= 4 else 0),
    "section": lambda _w: "activity",
}
# Patterns that answer for a record outside the login's scope by design, each with the reason. What they show is
# still checked: no child outside the scope may appear on them.
ANSWERS_OUTSIDE_SCOPE: dict[str, str] = {
    "access:break_glass": "asks for a reason before opening a record the user may not see; it shows nothing that "
    "identifies the child until the reason is given",
    "returns:run": "a run's page lists the failures of only the children the reader may see (each audited)",
}
# Logins whose role reaches a pattern's records beyond the children it may see (access/scopes.py), by design, each
# with the reason: (login, pattern) -> reason. Every child such a page shows must still be audited.
WIDER_BY_DESIGN: dict[tuple[str, str], str] = {
    ("partnership.lead", "sharing:challenges"): "the safeguarding partnership oversees every professional challenge "
    "(Permission.VIEW_ALL_CHALLENGES); each one listed is audited",
    ("partnership.lead", "sharing:challenge"): "the safeguarding partnership oversees every professional challenge",
    ("partnership.lead", "api:challenge"): "the safeguarding partnership oversees every professional challenge",
    ("partnership.lead", "api:challenges"): "the safeguarding partnership oversees every professional challenge",
    # Learning from serious incidents (issue 22): the partnership lead manages every serious incident, its rapid
    # review, local review and learning actions (Permission.MANAGE_SERIOUS_INCIDENT, VIEW_LEARNING_LOG), whichever
    # child it is about; each page that shows the child audits the read.
    **{
        ("partnership.lead", name): "the safeguarding partnership manages every serious incident and its learning"
        for name in (
            "learning:incidents",
            "learning:incident",
            "learning:notify",
            "learning:rapid_review_start",
            "learning:decide",
            "learning:local_review",
            "learning:milestone_new",
            "learning:publish",
            "learning:recommendation_new",
            "learning:action_new",
            "learning:action",
            "api:serious_incidents",
            "api:serious_incident",
            "api:serious_incident_notification",
            "api:learning_progress",
            "api:learning_complete",
        )
    },
}
# Patterns that answer 2xx for a record of a child without showing the child, each with the reason.
SHOWS_NOTHING_OF_THE_CHILD: dict[str, str] = {
    "access:break_glass": "the emergency access form shows nothing of the child before the reason is given",
    "access:break_glass_review": "shows the record's number, the person who opened it and their reason, not the child",
    "front_door:feedback": "the form names the contact by its reference only, not the child",
    "returns:run": "a run's page shows its figures and lists only children whose records fail a check (each audited); "
    "the runs walked here have none",
}

# The database is asked for so pytest-django creates it; the walk itself runs once, in its own transaction.
pytestmark = pytest.mark.django_db

READ_METHODS = ("GET",)
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Pattern:
    name: str
    route: str
    arguments: tuple[str, ...]
    callback: Any

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    def api_methods(self) -> list[str]:
        cls = getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)
        if cls is None:
            return []
        return [m for m in WRITE_METHODS if hasattr(cls, m.lower())]


def every_pattern() -> list[Pattern]:
    """Every URL pattern, walking the resolver recursively, named with its namespaces."""

    def walk(patterns: Any, prefix: str, namespace: str) -> Iterator[Pattern]:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                name = f"{namespace}{p.name}" if p.name else ""
                yield Pattern(name, route, tuple(re.findall(r"<(?:\w+:)?(\w+)>", route)), p.callback)

    return list(walk(get_resolver().url_patterns, "", ""))


def kind_of(pattern: Pattern, argument: str) -> str | None:
    if argument == "child_id":
        return CHILD_FOR.get(pattern.name) or CHILD_FOR.get(pattern.name.split(":")[0]) or KINDS["child_id"]
    return KIND_OVERRIDES.get((pattern.name, argument)) or KINDS.get(argument)


def _concern_draft(world: EveryPageWorld) -> int:
    """A concern side A's school is raising page by page, about no child yet: its author's alone to open."""
    login = world.logins["school.dsl"]
    owner = getattr(login, "user", login)
    draft, _ = ConcernDraft.objects.get_or_create(
        owner=owner, child=None, defaults={"idempotency_key": "every-page-walk"}
    )
    return draft.pk


def _inequality_action(world: EveryPageWorld) -> int:
    """An action on inequalities the analyst recorded and owns (counts only: it names no child)."""
    login = world.logins["analyst"]
    owner = login if hasattr(login, "user") else login.practitioner
    action, _ = InequalityAction.objects.get_or_create(
        finding="every-page walk",
        defaults={
            "characteristic": "ethnicity",
            "characteristic_label": "Ethnicity",
            "stage": "referral",
            "stage_label": "Referral",
            "group": "Black",
            "reference": "White British",
            "period_key": "12m",
            "period_label": "The 12 months to today",
            "action": "Audit referrals",
            "owner": owner,
            "look_again_on": NOW.date(),
            "recorded_on": NOW.date(),
            "recorded_by": owner.user,
        },
    )
    return action.pk


def _scrutiny_finding(world: EveryPageWorld) -> int:
    login = world.logins["partnership.lead"]
    user = getattr(login, "user", login)
    finding, _ = ScrutinyFinding.objects.get_or_create(
        finding="every-page walk", defaults={"found_on": NOW.date(), "scrutineer": "Scrutineer", "recorded_by": user}
    )
    return finding.pk


def unmapped(patterns: list[Pattern]) -> list[str]:
    missing = []
    for p in patterns:
        if not p.name:
            missing.append(f"{p.route} (no name)")
        elif p.name in SHOWS_NO_CHILD:
            if any(a not in NO_CHILD_ARGUMENTS for a in p.arguments):
                missing.append(f"{p.name} {p.route} (an argument not in NO_CHILD_ARGUMENTS)")
        elif p.arguments and any(kind_of(p, a) is None for a in p.arguments):
            missing.append(f"{p.name} {p.route}")
    return missing


# -- the walk --------------------------------------------------------------------------------------------------------


@dataclass
class Finding:
    login: str
    pattern: str
    variant: str
    method: str
    status: int
    problem: str

    def __str__(self) -> str:
        return f"{self.login} {self.method} {self.pattern} [{self.variant}] -> {self.status}: {self.problem}"


@dataclass
class Walk:
    patterns: list[Pattern]
    logins: list[str]
    requests: int = 0
    findings: list[Finding] = field(default_factory=list)
    answered: Counter[str] = field(default_factory=Counter)  # pattern -> 2xx answers for side A's record
    by_status: Counter[int] = field(default_factory=Counter)
    seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))  # pattern -> time answering
    wall_seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process's, which a busy machine does not inflate


def _record(world: EveryPageWorld, side: str, kind: str) -> Any:
    s = world.sides[side]
    return s.children[kind] if kind in s.children else s.records[kind]


def _children_of(world: EveryPageWorld, side: str, kind: str, record: Any) -> set[int]:
    if kind == "return_run":
        return set(record.child_rows.values_list("child_id", flat=True))
    if kind in NOT_A_CHILDS_RECORD:
        return set()
    if isinstance(record, Person) and kind in world.sides[side].children:  # a child (a parent is the child's record)
        return {record.pk}
    return {world.sides[side].children[RECORD_CHILD[kind]].pk}


def variants(world: EveryPageWorld, pattern: Pattern) -> list[tuple[str, dict[str, Any], set[int], bool]]:
    """(variant, URL arguments, the children the record is about, whether it is side B's) for each request."""
    if pattern.name in SHOWS_NO_CHILD:
        return [("none", {a: NO_CHILD_ARGUMENTS[a](world) for a in pattern.arguments}, set(), False)]
    if not pattern.arguments:
        return [("list", {}, set(), False)]
    out = []
    plans = [("A", {a: "A" for a in pattern.arguments}), ("B", {a: "B" for a in pattern.arguments})]
    if "child_id" in pattern.arguments and len(pattern.arguments) > 1:
        plans.append(("A child, B record", {a: "A" if a == "child_id" else "B" for a in pattern.arguments}))
    for label, sides in plans:
        kwargs: dict[str, Any] = {}
        children: set[int] = set()
        for argument, side in sides.items():
            kind = kind_of(pattern, argument)
            assert kind is not None
            record = _record(world, side, kind)
            kwargs[argument] = record.pk
            children |= _children_of(world, side, kind, record)
        out.append((label, kwargs, children, label != "A"))
    return out


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return bytes(response.content).decode("utf-8", "replace")


def signed_in(user: Any) -> Client:
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="phone", defaults={"confirmed": True})
    client = Client(raise_request_exception=False)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _pdf_as_html(html: str, *, title: str, base_url: str | None = None) -> bytes:
    """Stands in for the PDF renderer: what is checked is who gets the document and what it shows, which the HTML
    it would print tells as well (and readably), in a fraction of the time."""
    return html.encode()


def walk_every_page(world: EveryPageWorld) -> Walk:
    """Walk with the request log quiet (thousands of expected 404s) and PDFs as their HTML."""
    logging.disable(logging.WARNING)
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        with (
            mock.patch("joinedup.chronology.views.html_to_pdf", _pdf_as_html),
            mock.patch("joinedup.partnership.report.html_to_pdf", _pdf_as_html),
        ):
            walked = _walk(world)
        walked.wall_seconds, walked.cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
        return walked
    finally:
        logging.disable(logging.NOTSET)


@dataclass(frozen=True)
class Request:
    login: str
    pattern: str
    variant: str
    method: str
    status: int
    children: set[int]  # the children the record asked for is about
    is_b: bool  # a record of side B's (or side A's child with side B's record)


def judge(
    r: Request, *, body: str, audited: set[int | None], allowed: set[int], markers: dict[Any, tuple[str, int]]
) -> list[Finding]:
    """What is wrong with one answer: see the module's docstring."""
    problems: list[str] = []
    ok = 200 <= r.status < 300
    wider = (r.login, r.pattern) in WIDER_BY_DESIGN
    if r.status >= 500:
        problems.append("the page failed")
    if ok and r.pattern not in ANSWERS_OUTSIDE_SCOPE and not wider and (r.is_b or not r.children <= allowed):
        problems.append("answers for a record outside the login's scope")
    shown = ok and r.method == "GET" and r.children and (wider or r.children <= allowed)
    if shown and r.pattern not in SHOWS_NOTHING_OF_THE_CHILD and not r.children <= audited:
        problems.append("answers for a child's record with no audit event for the child")
    for (_side, kind), (name, child_id) in markers.items():
        if name not in body:
            continue
        if child_id not in allowed and not wider:
            problems.append(f"shows {name} ({kind}), a child outside the login's scope")
        elif child_id not in audited:
            problems.append(f"shows {name} ({kind}) with no audit event for the child")
    return [Finding(r.login, r.pattern, r.variant, r.method, r.status, p) for p in problems]


def _walk(world: EveryPageWorld) -> Walk:
    patterns = every_pattern()
    result = Walk(patterns=patterns, logins=list(world.logins))
    markers = world.markers()
    markers[("N", "neutral")] = ("Neutralia", world.neutral_child.pk)
    side_b = [c.pk for c in world.sides["B"].children.values()]
    mark = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    walkable = [p for p in patterns if p.name and p.name not in unmapped([p])]
    for login, user in world.logins.items():
        whole_authority = login in WHOLE_AUTHORITY_LOGINS
        if whole_authority:
            Person.objects.filter(pk__in=side_b).update(is_restricted=True)
        allowed = set(children_visible_to(user).values_list("pk", flat=True))
        client = signed_in(user)
        for pattern in walkable:
            for variant, kwargs, children, is_b in variants(world, pattern):
                url = reverse(pattern.name, kwargs=kwargs)
                methods = list(READ_METHODS)
                if is_b and pattern.is_api:
                    methods += pattern.api_methods()
                for method in methods:
                    result.requests += 1
                    sid = transaction.savepoint()
                    started = time.perf_counter()
                    try:
                        response = client.generic(method, url, b"{}" if method != "GET" else b"",
                                                  content_type="application/json")  # fmt: skip
                        status = response.status_code
                        body = _body(response)
                        audited = set(AuditEvent.objects.filter(id__gt=mark).values_list("child_id", flat=True))
                    finally:
                        transaction.savepoint_rollback(sid)
                        result.seconds[pattern.name] += time.perf_counter() - started
                    result.by_status[status] += 1
                    request = Request(login, pattern.name, variant, method, status, children, is_b)
                    result.findings += judge(request, body=body, audited=audited, allowed=allowed, markers=markers)
                    if 200 <= status < 300 and variant == "A" and method == "GET":
                        result.answered[pattern.name] += 1
        if whole_authority:
            Person.objects.filter(pk__in=side_b).update(is_restricted=False)
    return result


@pytest.fixture(scope="module")
def walk(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Walk]:
    """The world built and every page walked once for the module, in a transaction rolled back at the end."""
    root = tmp_path_factory.mktemp("documents")
    travel = time_machine.travel(NOW, tick=False)
    documents = override_settings(CASE_RECORD_DOCUMENT_ROOT=root)
    with django_db_blocker.unblock(), travel, documents, transaction.atomic():
        walked = walk_every_page(build(root))
        transaction.set_rollback(True)
    yield walked


def test_every_pattern_has_a_record_to_ask_for() -> None:
    assert unmapped(every_pattern()) == []


def test_a_new_pattern_with_an_argument_no_table_fills_fails_the_walk() -> None:
    new = Pattern("widgets:widget", "widgets/<int:widget_id>/", ("widget_id",), None)
    unnamed = Pattern("", "loose/", (), None)
    assert unmapped([new, unnamed]) == ["widgets:widget widgets/<int:widget_id>/", "loose/ (no name)"]


def test_the_judge_fails_an_answer_outside_the_scope_and_a_child_shown_unaudited() -> None:
    markers: dict[Any, tuple[str, int]] = {("A", "fh_child"): ("Thistlewood", 1), ("B", "fh_child"): ("Blackthorn", 2)}
    leak = Request("gp", "records:child_record", "B", "GET", 200, {2}, True)
    problems = [f.problem for f in judge(leak, body="Blackthorn", audited={2}, allowed={1}, markers=markers)]
    assert problems == [
        "answers for a record outside the login's scope",
        "shows Blackthorn (fh_child), a child outside the login's scope",
    ]
    unaudited = Request("gp", "records:child_record", "A", "GET", 200, {1}, False)
    problems = [f.problem for f in judge(unaudited, body="Thistlewood", audited=set(), allowed={1}, markers=markers)]
    assert problems == [
        "answers for a child's record with no audit event for the child",
        "shows Thistlewood (fh_child) with no audit event for the child",
    ]
    refused = Request("gp", "records:child_record", "B", "GET", 404, {2}, True)
    assert judge(refused, body="Page not found", audited=set(), allowed={1}, markers=markers) == []


def test_no_page_answers_for_or_shows_a_record_outside_the_logins_scope(walk: Walk) -> None:
    problems = [str(f) for f in walk.findings if "outside" in f.problem or "failed" in f.problem]
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)


def test_every_page_that_shows_a_child_writes_an_audit_event_for_them(walk: Walk) -> None:
    problems = [str(f) for f in walk.findings if "audit" in f.problem]
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_walk_covers_every_pattern_and_login(walk: Walk) -> None:
    patterns = every_pattern()
    print(
        f"\nevery page: {len(patterns)} patterns, {len(walk.logins)} logins, {walk.requests} requests; "
        f"in {walk.wall_seconds:.0f} s ({walk.cpu_seconds:.0f} s of CPU); "
        f"answers {dict(sorted(walk.by_status.items()))}; slowest "
        + ", ".join(f"{name} {seconds:.1f}s" for name, seconds in sorted(walk.seconds.items(), key=lambda i: -i[1])[:8])
    )
    assert len(walk.patterns) == len(patterns) and len(walk.logins) >= 21
