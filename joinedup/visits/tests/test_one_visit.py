"""One visit (issue 18): three siblings on child protection plans, one visit recorded once with different answers
for each child. Each child's summary shows their own words, last seen and last seen alone; every child seen has
their child protection visit clock met and the next started; a child not seen meets nothing; a sibling the worker
may not record for is a 404 with nothing saved; bad input gives the GOV.UK error summary and saves nothing."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.audit.models import AuditEvent
from joinedup.child_protection.models import ChildProtectionPlan, ChildProtectionVisit
from joinedup.child_protection.tests.conftest import Journey, working_day_on_or_before
from joinedup.chronology.selectors import case_summary_get
from joinedup.core.tests.personas import World
from joinedup.episodes.codes import EpisodeTier, ReferralSource
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.harms.services import harm_taxonomy_sync
from joinedup.people.factories import ChildFactory, RelationshipFactory
from joinedup.people.models import Person
from joinedup.timescales.calendar import CALENDAR
from joinedup.timescales.models import Deadline
from joinedup.timescales.services import subject_key_of
from joinedup.visits.models import Visit, VisitChild, VisitDraft

RULE = "child_protection_visit"


def _on_plan(world: World, child: Person, start: date) -> ChildProtectionPlan:
    episode = CaseEpisodeFactory(
        child=child,
        started_on=start - timedelta(days=30),
        referral_source=ReferralSource.INDIVIDUAL_FAMILY,
        tier=EpisodeTier.FAMILY_HELP,
    )
    return Journey(world=world, child=child, episode=episode).to_plan(start)


def three_sisters_on_plans(world: World) -> list[tuple[Person, ChildProtectionPlan]]:
    """Nour (the world's allocated child, renamed), Amira and Lina: sisters, each on a child protection plan since
    an initial conference six working days ago, each allocated to the social worker."""
    harm_taxonomy_sync()
    world.health_visitor.is_registered_health_professional = True
    world.health_visitor.save()
    nour = world.allocated_child
    nour.given_name, nour.family_name = "Nour", "Haddad"
    nour.save()
    amira = ChildFactory(given_name="Amira", family_name="Haddad")
    lina = ChildFactory(given_name="Lina", family_name="Haddad")
    for sister in (amira, lina):
        InvolvementFactory(
            practitioner=world.social_worker,
            child=sister,
            team=world.team_a,
            role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        )
    for a, b in ((nour, amira), (nour, lina), (amira, lina)):
        RelationshipFactory(from_person=a, to_person=b, relationship_type="sibling")
        RelationshipFactory(from_person=b, to_person=a, relationship_type="sibling")
    start = working_day_on_or_before(timezone.localdate() - timedelta(days=28))
    return [(child, _on_plan(world, child, start)) for child in (nour, amira, lina)]


@pytest.fixture
def siblings(world: World) -> list[tuple[Person, ChildProtectionPlan]]:
    return three_sisters_on_plans(world)


def _post(world: World, children: list[Person], today: date, **per_child: dict[int, dict[str, str]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "children": [str(c.pk) for c in children],
        "visited_on_0": str(today.day),
        "visited_on_1": str(today.month),
        "visited_on_2": str(today.year),
        "visited_at": "16:30",
        "kind": "home",
        "others_present": "Their mother, Rania Haddad",
        "account": "Home visit after school. The house was warm and there was food in the cupboards.",
        "action": "record",
    }
    return data


def _answers(child: Person, **answers: str) -> dict[str, str]:
    return {f"child_{child.pk}_{k}": v for k, v in answers.items()}


def clock(child: Person, subject: Any) -> Deadline:
    return Deadline.objects.get(child=child, rule_code=RULE, subject_key=subject_key_of(subject))


def counts() -> tuple[int, ...]:
    return (
        Visit.objects.count(),
        VisitChild.objects.count(),
        ChildProtectionVisit.objects.count(),
        Deadline.objects.filter(rule_code=RULE).count(),
        Deadline.objects.filter(rule_code=RULE, met_on__isnull=False).count(),
        AuditEvent.objects.filter(object_type="visits.visitchild").count(),
    )


def test_one_visit_to_three_sisters_gives_each_her_own_answers_summary_and_clock(
    world: World, client_for: Any, siblings: list[tuple[Person, ChildProtectionPlan]]
) -> None:
    (nour, nour_plan), (amira, amira_plan), (lina, lina_plan) = siblings
    today = timezone.localdate()
    client = client_for("social_worker")
    form = client.get(reverse("visits:visit_new", args=[nour.pk]))
    assert form.status_code == 200
    for sister in (nour, amira, lina):  # the form offers every sister, each with her own answers
        assert f'name="child_{sister.pk}_childs_words"' in form.content.decode()
    data = _post(world, [nour, amira, lina], today)
    data |= _answers(nour, seen="yes", seen_alone="yes", childs_words="I like my new bed", observations="Chatty")
    data |= _answers(
        amira, seen="yes", seen_alone="no", reason_not_seen_alone="She asked for her mother to stay",
        childs_words="Mum makes pancakes",
    )  # fmt: skip
    data |= _answers(lina, seen="no", reason_not_seen="At a friend's birthday party")
    response = client.post(reverse("visits:visit_new", args=[nour.pk]), data)
    assert response.status_code == 302, re.findall(r'<a href="#[^"]*">([^<]*)</a>', response.content.decode())

    visit = Visit.objects.get()
    assert visit.child_links.count() == 3
    # Every child seen: the clock that was running is met today and the next starts from this visit.
    for child, plan in ((nour, nour_plan), (amira, amira_plan)):
        assert clock(child, plan).met_on == today
        cp_visit = ChildProtectionVisit.objects.get(plan=plan)
        assert cp_visit.visit_child.visit == visit
        assert clock(child, cp_visit).due_on == CALENDAR.add_working_days(today, 10)
        assert clock(child, cp_visit).met_on is None
    # Lina was not seen: her clock keeps running and no next one starts.
    assert clock(lina, lina_plan).met_on is None
    assert Deadline.objects.filter(child=lina, rule_code=RULE).count() == 1

    sw = world.user("social_worker")
    summaries = {c.pk: case_summary_get(actor=sw, child=c) for c in (nour, amira, lina)}
    assert (summaries[nour.pk].last_seen, summaries[nour.pk].last_seen_alone) == (today, today)
    assert (summaries[amira.pk].last_seen, summaries[amira.pk].last_seen_alone) == (today, None)
    assert (summaries[lina.pk].last_seen, summaries[lina.pk].last_seen_alone) == (None, None)
    # Each girl's words at the visit are hers alone (the summary also gives words from other parts of her record).
    words = {pk: [v.words for v in s.voice if v.where == "Visit"] for pk, s in summaries.items()}
    assert words[nour.pk] == ["I like my new bed"]
    assert words[amira.pk] == ["Mum makes pancakes"]
    assert words[lina.pk] == []

    page = client.get(reverse("chronology:summary", args=[nour.pk])).content.decode()
    assert "I like my new bed" in page and "Mum makes pancakes" not in page
    # Each child's own page of the visit shows her answers only.
    amira_page = client.get(reverse("visits:visit", args=[amira.pk, visit.pk])).content.decode()
    assert "Mum makes pancakes" in amira_page and "I like my new bed" not in amira_page
    assert "She asked for her mother to stay" in amira_page
    # The visit is in each child's chronology.
    for child in (nour, amira, lina):
        chronology = client.get(reverse("chronology:chronology", args=[child.pk])).content.decode()
        assert "Home visit" in chronology


def test_a_sister_the_worker_may_not_record_for_is_a_404_and_nothing_is_saved(
    world: World, client_for: Any, siblings: list[tuple[Person, ChildProtectionPlan]]
) -> None:
    (nour, _), (amira, _), _ = siblings
    hidden = ChildFactory(given_name="Yasmin", family_name="Haddad")  # no one's child: the worker may not see her
    RelationshipFactory(from_person=nour, to_person=hidden, relationship_type="sibling")
    client = client_for("social_worker")
    form = client.get(reverse("visits:visit_new", args=[nour.pk])).content.decode()
    assert "Yasmin" not in form
    before = counts()
    data = _post(world, [nour, amira, hidden], timezone.localdate())
    data |= _answers(nour, seen="yes", seen_alone="yes") | _answers(amira, seen="yes", seen_alone="yes")
    data |= _answers(hidden, seen="yes", seen_alone="yes")
    response = client.post(reverse("visits:visit_new", args=[nour.pk]), data)
    assert response.status_code == 404
    assert counts() == before


def test_bad_input_gives_the_error_summary_and_saves_nothing(
    world: World, client_for: Any, siblings: list[tuple[Person, ChildProtectionPlan]]
) -> None:
    (nour, _), (amira, _), _ = siblings
    client = client_for("social_worker")
    before = counts()
    data = _post(world, [nour, amira], timezone.localdate() + timedelta(days=3))
    data["account"] = ""
    data |= _answers(nour, seen="yes")  # seen alone not answered
    data |= _answers(amira, seen="no")  # no reason given
    response = client.post(reverse("visits:visit_new", args=[nour.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter what happened" in page
    assert counts() == before
    # With the shared part right, each child's own missing answers are named, linked to that child's field.
    data = _post(world, [nour, amira], timezone.localdate())
    data |= _answers(nour, seen="yes") | _answers(amira, seen="no")
    response = client.post(reverse("visits:visit_new", args=[nour.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select yes if the child was seen alone" in page
    assert "Say why the child was not seen" in page
    assert re.search(rf'href="#id_child_{nour.pk}_seen_alone', page)
    assert counts() == before
    drafts = VisitDraft.objects.filter(child=nour, author=world.user("social_worker"))
    assert drafts.exists() and all(d.data["kind"] == "home" for d in drafts)  # what was typed is kept as a draft


def test_what_was_typed_survives_as_a_draft(
    world: World, client_for: Any, siblings: list[tuple[Person, ChildProtectionPlan]]
) -> None:
    (nour, _), _, _ = siblings
    client = client_for("social_worker")
    data = _post(world, [nour], timezone.localdate()) | _answers(nour, childs_words="Half typed words")
    answer = client.post(reverse("visits:visit_autosave", args=[nour.pk]), data)
    assert answer.status_code == 200
    page = client.get(reverse("visits:visit_new", args=[nour.pk])).content.decode()
    assert "Half typed words" in page
    assert Visit.objects.count() == 0


def test_the_plans_record_a_visit_and_the_case_notes_visit_kinds_lead_to_the_one_visit_form(
    world: World, client_for: Any, siblings: list[tuple[Person, ChildProtectionPlan]]
) -> None:
    (nour, plan), _, _ = siblings
    client = client_for("social_worker")
    old = client.get(reverse("child_protection:visit_new", args=[plan.pk]))
    assert old.status_code == 302 and old["Location"] == reverse("visits:visit_new", args=[nour.pk])
    record = client.get(reverse("child_protection:record", args=[nour.pk])).content.decode()
    assert reverse("visits:visit_new", args=[nour.pk]) in record
    note_form = client.get(reverse("case_record:note_new", args=[nour.pk])).content.decode()
    assert 'value="joint_visit"' not in note_form and 'value="visit"' not in note_form
    assert reverse("visits:visit_new", args=[nour.pk]) in note_form
    today = timezone.localdate()
    posted = client.post(
        reverse("case_record:note_new", args=[nour.pk]),
        {
            "children": [str(nour.pk)], "note_type": "visit", "occurred_on_0": str(today.day),
            "occurred_on_1": str(today.month), "occurred_on_2": str(today.year), "child_seen": "yes",
            "child_seen_alone": "yes", "what_happened": "Visit", "action": "record",
        },
    )  # fmt: skip
    assert "Record a visit on the visit form" in posted.content.decode()


def test_visits_recorded_before_become_visits_once(
    world: World, siblings: list[tuple[Person, ChildProtectionPlan]]
) -> None:
    """The data migration's (and the synthetic stage's) step: an earlier plan visit and visit note become visits,
    so last seen reads them; run again, it makes nothing twice."""
    from joinedup.case_record import services as case_record
    from joinedup.case_record.models import CaseNote, CaseNoteChild
    from joinedup.children_in_care.models import StatutoryVisit
    from joinedup.visits.earlier import earlier_visits_become_visits
    from joinedup.visits.selectors import last_seen_get

    (nour, plan), (amira, _), _ = siblings
    sw = world.user("social_worker")
    today = timezone.localdate()
    # A plan visit as it was written before issue 18: the plan's own row, with no visit.
    old = ChildProtectionVisit.objects.create(
        plan=plan, visited_on=today, child_seen=True, child_seen_alone=False, reason_not_seen_alone="Shy"
    )
    case_record.note_record(
        actor=sw, child_ids=[amira.pk], note_type="visit", occurred_on=today - timedelta(days=1),
        child_seen=True, child_seen_alone=True, what_happened="Home visit", childs_words="Hello",
    )  # fmt: skip
    models = {
        "visit_model": Visit,
        "visit_child_model": VisitChild,
        "child_protection_visit_model": ChildProtectionVisit,
        "statutory_visit_model": StatutoryVisit,
        "case_note_model": CaseNote,
        "case_note_child_model": CaseNoteChild,
    }
    assert earlier_visits_become_visits(**models) == 2
    assert earlier_visits_become_visits(**models) == 0
    old.refresh_from_db()
    assert old.visit_child is not None and old.visit_child.child_id == nour.pk
    assert old.visit_child.visit.origin == f"child_protection.visit:{old.pk}"
    assert last_seen_get(child_id=nour.pk).last_seen == today
    assert last_seen_get(child_id=nour.pk).last_seen_alone is None
    assert last_seen_get(child_id=amira.pk).last_seen_alone == today - timedelta(days=1)
    assert VisitChild.objects.get(child=amira).childs_words == ""  # the note keeps its words: shown once


def test_a_late_visit_needs_a_reason_before_anything_is_written_then_meets_the_clock_late(
    world: World, siblings: list[tuple[Person, ChildProtectionPlan]]
) -> None:
    import time_machine
    from django.core.exceptions import ValidationError

    from joinedup.visits import services

    (nour, plan), _, _ = siblings
    due = clock(nour, plan).due_on
    later = due + timedelta(days=7)
    details = services.VisitDetails(visited_on=later, kind="home", account="Home visit")
    answers = [services.ChildAnswers(nour.pk, seen=True, seen_alone=True)]
    with time_machine.travel(later + timedelta(days=1), tick=False):
        before = counts()
        with pytest.raises(ValidationError) as refused:
            services.visit_record(actor=world.user("social_worker"), details=details, children=answers)
        assert "late_reason" in refused.value.message_dict
        assert "Nour Haddad's child protection visit was due on" in refused.value.message_dict["late_reason"][0]
        assert counts() == before
        late = services.VisitDetails(
            visited_on=later, kind="home", account="Home visit", late_reason="Nour was in hospital"
        )
        services.visit_record(actor=world.user("social_worker"), details=late, children=answers)
    met = clock(nour, plan)
    assert (met.met_on, met.late_reason) == (later, "Nour was in hospital")


def test_only_the_visits_app_records_a_visit() -> None:
    """Issue 18: the old per-app visit services are gone, and no production code but an app's own ``visits.py``
    declaration (told by the visits service) writes a child protection visit or a regulation 28 visit. The synthetic
    authority's bulk rows become visits through its visits stage (ADR 0023)."""
    from pathlib import Path

    from joinedup.child_protection import services as child_protection
    from joinedup.children_in_care import services as children_in_care

    assert not hasattr(child_protection, "visit_record")
    assert not hasattr(children_in_care, "statutory_visit_record")
    root = Path(__file__).resolve().parents[2]
    writes = re.compile(
        r"ChildProtectionVisit\.objects\.create|(?<!class )StatutoryVisit\(|StatutoryVisit\.objects\.create"
    )
    writers = {
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts and "synthetic" not in path.parts
        if writes.search(path.read_text())
    }
    assert writers == {"child_protection/visits.py", "children_in_care/visits.py"}


def test_each_why_not_box_is_revealed_under_the_answer_it_follows_from(
    world: World, siblings: list[tuple[Person, ChildProtectionPlan]], client_for: Any
) -> None:
    """The GOV.UK conditional reveal, from the official radios macro: the "No" of "seen" controls the box asking why
    the child was not seen, and the "No" of "seen alone" the box asking why not alone; nothing else is hidden."""
    (nour, _), _, _ = siblings
    html = client_for("social_worker").get(reverse("visits:visit_new", args=[nour.pk])).content.decode()
    for answer, reason in (("seen", "reason_not_seen"), ("seen_alone", "reason_not_seen_alone")):
        radio = re.search(rf'<input[^>]*name="child_{nour.pk}_{answer}"[^>]*value="no"[^>]*>', html)
        assert radio is not None, answer
        controls = re.search(r'data-aria-controls="([^"]+)"', radio.group(0))
        assert controls is not None, answer
        reveal = re.search(
            rf'<div class="govuk-radios__conditional[^"]*" id="{controls.group(1)}">(.*?)</div>\s*</div>', html, re.S
        )
        assert reveal is not None and f'name="child_{nour.pk}_{reason}"' in reveal.group(1), answer
    yes = re.search(rf'<input[^>]*name="child_{nour.pk}_seen"[^>]*value="yes"[^>]*>', html)
    assert yes is not None and "aria-controls" not in yes.group(0)
