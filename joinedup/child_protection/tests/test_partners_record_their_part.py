"""Partners record their own part (issue 19, M17 and M20): each practitioner who took part in a strategy discussion
records their agency's contribution in their own login (or the social worker on their behalf, marked as such); a
current member of the core group records its meetings and the actions they own; each is refused to anyone else
(404, nothing written), audited, and shown to those entitled; the work waiting is declared in work.py."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.audit.models import AuditEvent
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.work import WorkKind

from .. import services
from ..codes import StrategyOutcome, ThresholdView
from ..models import CoreGroupMeeting, PlanAction, StrategyAction, StrategyContribution
from ..selectors import strategy_contribution_due
from ..work import WORK_SOURCES
from .conftest import Journey, working_day_on_or_before

pytestmark = pytest.mark.django_db


def recent() -> date:
    return working_day_on_or_before(timezone.localdate() - timedelta(days=1))


def police_contribution(**kw: Any) -> services.ContributionDetails:
    return services.ContributionDetails(
        information_shared="Two call-outs to the address this year; the father is known for violence.",
        threshold_view=ThresholdView.MET,
        actions=[
            services.ActionDetails(
                "Check the father's bail conditions", None, timezone.localdate() + timedelta(days=2)
            ),
            services.ActionDetails(
                "Joint visit with the social worker", None, timezone.localdate() + timedelta(days=1)
            ),
        ],
        **kw,
    )


def test_police_and_health_record_their_own_contributions_attributed_and_audited(journey: Journey) -> None:
    w = journey.world
    discussion = journey.strategy(recent())
    police = services.strategy_contribution_record(
        actor=w.user("police_officer"), discussion=discussion, details=police_contribution()
    )
    health = services.strategy_contribution_record(
        actor=w.user("health_visitor"),
        discussion=discussion,
        details=services.ContributionDetails(
            information_shared="Missed the last two health visits; weight is dropping.",
            threshold_view=ThresholdView.UNSURE,
        ),
    )
    assert (police.practitioner, police.agency, police.recorded_by, police.on_behalf) == (
        w.police_officer,
        "police",
        w.police_officer,
        False,
    )
    assert (health.agency, health.threshold_view) == ("health", "unsure")
    # Many actions, each owned (by whoever recorded them unless named) and due.
    assert list(StrategyAction.objects.filter(contribution=police).values_list("owner", flat=True)) == [
        w.police_officer.pk,
        w.police_officer.pk,
    ]
    for obj in (police, health):
        assert AuditEvent.objects.filter(
            action="created", object_type="child_protection.strategycontribution", object_id=str(obj.pk)
        ).exists()
    assert AuditEvent.objects.filter(action="created", object_type="child_protection.strategyaction").count() == 2


def test_a_second_contribution_from_the_same_practitioner_is_refused(journey: Journey) -> None:
    discussion = journey.strategy(recent())
    police = journey.world.user("police_officer")
    services.strategy_contribution_record(actor=police, discussion=discussion, details=police_contribution())
    with pytest.raises(Exception, match="already recorded"):
        services.strategy_contribution_record(actor=police, discussion=discussion, details=police_contribution())
    assert StrategyContribution.objects.count() == 1


def test_a_partner_who_was_not_invited_can_neither_record_nor_see_a_contribution(
    journey: Journey, client_for: Any
) -> None:
    w = journey.world
    discussion = journey.strategy(recent())
    services.strategy_contribution_record(
        actor=w.user("police_officer"), discussion=discussion, details=police_contribution()
    )
    # Another health visitor, who works with the child (so sees the child) but did not take part.
    InvolvementFactory(practitioner=w.other_health_visitor, child=journey.child, role=InvolvementRole.HEALTH_VISITOR)
    with pytest.raises(NotFoundOrNotPermitted):
        services.strategy_contribution_record(
            actor=w.user("other_health_visitor"), discussion=discussion, details=police_contribution()
        )
    client = client_for("other_health_visitor")
    url = reverse("child_protection:contribution_new", args=[discussion.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"information_shared": "x", "threshold_view": "met"}).status_code == 404
    assert client.get(reverse("child_protection:record", args=[journey.child.pk])).status_code == 404
    assert StrategyContribution.objects.count() == 1


def test_the_social_worker_records_a_contribution_on_a_partner_s_behalf_marked_as_such(journey: Journey) -> None:
    w = journey.world
    discussion = journey.strategy(recent())
    made = services.strategy_contribution_record(
        actor=journey.actor,
        discussion=discussion,
        details=police_contribution(on_behalf_of=w.health_visitor),
    )
    assert (made.practitioner, made.recorded_by, made.on_behalf) == (w.health_visitor, w.social_worker, True)
    # A partner can not record on someone else's behalf.
    with pytest.raises(NotFoundOrNotPermitted):
        services.strategy_contribution_record(
            actor=w.user("police_officer"),
            discussion=discussion,
            details=police_contribution(on_behalf_of=w.school_dsl),
        )


def test_the_contribution_page_in_the_partner_s_own_login_and_the_record_page_show_it(
    journey: Journey, client_for: Any
) -> None:
    w = journey.world
    discussion = journey.strategy(recent())
    police = client_for("police_officer")
    record_url = reverse("child_protection:record", args=[journey.child.pk])
    assert "Record your contribution" in unescape(police.get(record_url).content.decode())
    url = reverse("child_protection:contribution_new", args=[discussion.pk])
    before = AuditEvent.objects.filter(action="viewed", object_type="child_protection.strategydiscussion").count()
    assert police.get(url).status_code == 200
    after = AuditEvent.objects.filter(action="viewed", object_type="child_protection.strategydiscussion").count()
    assert after == before + 1  # the read is audited
    due = timezone.localdate() + timedelta(days=3)
    response = police.post(
        url,
        {
            "information_shared": "Previous domestic abuse call-outs.",
            "threshold_view": "met",
            "action": "Share the call-out log",
            "action_due_on_0": due.day,
            "action_due_on_1": due.month,
            "action_due_on_2": due.year,
        },
    )
    assert response.status_code == 302
    page = unescape(client_for("social_worker").get(record_url).content.decode())
    assert f"Contribution from {w.police_officer.full_name}, County Police (Police)" in page
    assert "Yes: there is reasonable cause to suspect significant harm" in page
    assert "Share the call-out log" in page
    assert "Record your contribution" not in unescape(police.get(record_url).content.decode())


def test_the_chronology_shows_each_contribution_under_its_agency(journey: Journey) -> None:
    from ..chronology import strategy_contributions

    discussion = journey.strategy(recent())
    services.strategy_contribution_record(
        actor=journey.world.user("police_officer"), discussion=discussion, details=police_contribution()
    )
    from joinedup.core.chronology import Period

    entries = list(strategy_contributions(children=[journey.child.pk], user=None, period=Period(), partner=None))
    assert [(e.title, e.agency.value) for e in entries] == [
        ("Contribution to the strategy discussion from County Police", "police")
    ]


def test_the_health_visitor_in_the_core_group_records_a_meeting_and_the_actions_they_own(
    journey: Journey, start: date
) -> None:
    w = journey.world
    plan = journey.to_plan(start)
    hv = w.user("health_visitor")
    held = plan.started_on + timedelta(days=5)
    meeting = services.core_group_record(
        actor=hv,
        plan=plan,
        held_on=held,
        attended=f"{w.health_visitor.full_name}, {w.social_worker.full_name}",
        progress="Mother attends the parenting group; the baby's weight is up.",
        changes="Health visits fortnightly instead of weekly.",
        late_reason="Held late: the family were away.",
    )
    assert (meeting.recorded_by, meeting.changes) == (w.health_visitor, "Health visits fortnightly instead of weekly.")
    mine = services.plan_action_add(
        actor=hv, plan=plan, action="Weigh the baby", due_on=held + timedelta(days=7), owner=w.health_visitor
    )
    assert mine.added_by == w.health_visitor
    updated = services.plan_action_update(actor=hv, action=mine, progress="Weighed: 6.2 kg", completed_on=held)
    assert (updated.progress, updated.completed_on, updated.updated_by) == ("Weighed: 6.2 kg", held, w.health_visitor)
    # An action someone else owns, or one the member adds for someone else, is refused.
    theirs = services.plan_action_add(
        actor=journey.actor, plan=plan, action="Police safeguarding visit", due_on=held, owner=w.police_officer
    )
    with pytest.raises(NotFoundOrNotPermitted):
        services.plan_action_update(actor=hv, action=theirs, progress="Done, I think")
    with pytest.raises(NotFoundOrNotPermitted):
        services.plan_action_add(actor=hv, plan=plan, action="Visit", due_on=held, owner=w.police_officer)
    assert PlanAction.objects.get(pk=theirs.pk).progress == ""


def test_a_practitioner_not_in_the_core_group_is_refused_and_nothing_is_written(
    journey: Journey, start: date, client_for: Any
) -> None:
    w = journey.world
    plan = journey.to_plan(start)
    # A GP who works with the child (sees the child's record) but is not in the core group.
    gp = PractitionerFactory(user__username="gp.not.core", role=Role.GP, organisation=w.health_visiting)
    InvolvementFactory(practitioner=gp, child=journey.child, role=InvolvementRole.GP)
    before = CoreGroupMeeting.objects.count()
    with pytest.raises(NotFoundOrNotPermitted):
        services.core_group_record(
            actor=gp.user, plan=plan, held_on=plan.started_on, attended="Me", progress="Fine", late_reason="x"
        )
    client = client_for("other_health_visitor")
    url = reverse("child_protection:core_group_new", args=[plan.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"progress": "Fine", "others_attended": "Me"}).status_code == 404
    assert CoreGroupMeeting.objects.count() == before


def test_the_health_visitor_records_a_meeting_through_the_page_and_the_social_worker_sees_who(
    journey: Journey, start: date, client_for: Any
) -> None:
    w = journey.world
    plan = journey.to_plan(start)
    hv = client_for("health_visitor")
    url = reverse("child_protection:core_group_new", args=[plan.pk])
    page = unescape(hv.get(url).content.decode())
    assert w.police_officer.full_name in page  # the core group, offered ticked
    held = plan.started_on + timedelta(days=3)
    response = hv.post(
        url,
        {
            "held_on_0": held.day,
            "held_on_1": held.month,
            "held_on_2": held.year,
            "members_attended": [f"p{w.health_visitor.pk}", f"p{w.police_officer.pk}"],
            "others_attended": "Grandmother",
            "progress": "Home conditions improved.",
            "changes": "",
            "late_reason": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = CoreGroupMeeting.objects.get(plan=plan)
    assert meeting.attended.endswith("Grandmother")
    assert w.police_officer.full_name in meeting.attended
    record = client_for("social_worker").get(reverse("child_protection:record", args=[journey.child.pk]))
    assert f"{w.health_visitor.full_name}, Health Visiting" in unescape(record.content.decode())


def _work(name: str, actor: Any) -> list[Any]:
    source = next(s for s in WORK_SOURCES if s.name == name)
    return list(source.fn(actor=actor, today=timezone.localdate()))


def test_work_sources_list_contributions_to_record_and_actions_owned_in_one_query_each(
    journey: Journey, start: date
) -> None:
    w = journey.world
    discussion = journey.strategy(recent(), outcome=StrategyOutcome.SECTION_47)
    police = w.user("police_officer")
    [item] = _work("child_protection.contributions", police)
    assert item.kind == WorkKind.CONTRIBUTION
    assert item.child_name == journey.child.display_name
    assert item.title == f"Record your contribution to the strategy discussion about {journey.child.display_name}"
    assert item.due_on == strategy_contribution_due(discussion.held_on)  # the contribution window's last day
    # The social worker who recorded it, and a partner who was not there, have nothing to contribute.
    assert _work("child_protection.contributions", journey.actor) == []
    assert _work("child_protection.contributions", w.user("other_health_visitor")) == []
    services.strategy_contribution_record(actor=police, discussion=discussion, details=police_contribution())
    assert _work("child_protection.contributions", police) == []
    actions = _work("child_protection.strategy_actions", police)
    assert sorted(a.title for a in actions) == sorted(
        f"{what} ({journey.child.display_name})"
        for what in ("Check the father's bail conditions", "Joint visit with the social worker")
    )
    assert all(a.kind == WorkKind.ACTION and a.due_on for a in actions)
    for name in ("child_protection.contributions", "child_protection.strategy_actions"):
        with CaptureQueriesContext(connection) as one:
            _work(name, police)
        assert len([q for q in one.captured_queries if "child_protection" in q["sql"]]) == 1, name


def test_plan_actions_owned_are_work_until_done(journey: Journey, start: date) -> None:
    w = journey.world
    plan = journey.to_plan(start)
    hv = w.user("health_visitor")
    action = services.plan_action_add(
        actor=hv, plan=plan, action="Weigh the baby", due_on=plan.started_on + timedelta(days=7), owner=w.health_visitor
    )
    [item] = _work("child_protection.plan_actions", hv)
    assert (item.title, item.due_on) == (f"Weigh the baby ({journey.child.display_name})", action.due_on)
    assert item.is_overdue(timezone.localdate())
    assert _work("child_protection.plan_actions", w.user("police_officer")) == []
    services.plan_action_update(actor=hv, action=action, progress="Weighed", completed_on=timezone.localdate())
    assert _work("child_protection.plan_actions", hv) == []


def test_the_strategy_discussion_form_starts_with_what_the_front_door_knew(journey: Journey, client_for: Any) -> None:
    """Never type twice: the front door's harms, the day it decided (reasonable cause) and the police officer who
    raised the concern, carried into the form for the social worker to confirm or change."""
    import re

    from joinedup.assessments.testing import referral_made
    from joinedup.front_door.codes import DecisionOutcome
    from joinedup.harms.models import HarmType

    w = journey.world
    decided = working_day_on_or_before(timezone.localdate() - timedelta(days=3))
    referral_made(
        w,
        child=journey.child,
        on=decided,
        harm_codes=["physical_abuse", "emotional_abuse"],
        outcome=DecisionOutcome.STRATEGY_DISCUSSION,
        raised_by="police_officer",
    )
    page = client_for("social_worker").get(reverse("child_protection:strategy_discussion_new", args=[journey.child.pk]))
    html = unescape(page.content.decode())
    checked = {
        int(re.search(r'value="(\d+)"', tag).group(1))  # type: ignore[union-attr]
        for tag in re.findall(r'<input[^>]*name="harms"[^>]*>', html)
        if "checked" in tag
    }
    assert checked == set(
        HarmType.objects.filter(code__in=["physical_abuse", "emotional_abuse"]).values_list("pk", flat=True)
    )
    assert re.search(rf'name="reasonable_cause_on_0"[^>]*value="{decided.day}"', html) or re.search(
        rf'value="{decided.day}"[^>]*name="reasonable_cause_on_0"', html
    )
    police_select = re.search(r'<select[^>]*name="police_participant".*?</select>', html, re.S)
    assert police_select is not None
    assert re.search(rf'<option value="{w.police_officer.pk}"\s+selected', police_select.group(0))
    assert "carried over from the front door" in html


def test_a_partner_not_invited_reads_no_contribution_in_the_chronology(journey: Journey) -> None:
    from joinedup.access.policy import partner_reader
    from joinedup.core.chronology import Period

    from ..chronology import strategy_contributions

    w = journey.world
    discussion = journey.strategy(recent())
    services.strategy_contribution_record(
        actor=w.user("police_officer"), discussion=discussion, details=police_contribution()
    )
    InvolvementFactory(practitioner=w.other_health_visitor, child=journey.child, role=InvolvementRole.HEALTH_VISITOR)

    def read(user: Any) -> list[str]:
        reader = partner_reader(user, [journey.child.pk])
        return [
            e.title
            for e in strategy_contributions(children=[journey.child.pk], user=user, period=Period(), partner=reader)
        ]

    assert read(w.user("other_health_visitor")) == []
    assert read(w.user("health_visitor")) == ["Contribution to the strategy discussion from County Police"]


def test_the_owner_marks_a_strategy_action_done_and_it_leaves_their_work(journey: Journey, client_for: Any) -> None:
    w = journey.world
    discussion = journey.strategy(recent())
    police = w.user("police_officer")
    services.strategy_contribution_record(actor=police, discussion=discussion, details=police_contribution())
    first, second = StrategyAction.objects.filter(discussion=discussion).order_by("id")
    with pytest.raises(NotFoundOrNotPermitted):
        services.strategy_action_complete(actor=w.user("health_visitor"), action=first, completed_on=recent())
    url = reverse("child_protection:strategy_action_done", args=[first.pk])
    day = timezone.localdate()
    response = client_for("police_officer").post(
        url, {"completed_on_0": day.day, "completed_on_1": day.month, "completed_on_2": day.year}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.completed_on == day
    assert AuditEvent.objects.filter(
        action="updated", object_type="child_protection.strategyaction", object_id=str(first.pk)
    ).exists()
    assert [i.object_id for i in _work("child_protection.strategy_actions", police)] == [second.pk]


def test_a_partner_who_has_recorded_their_contribution_is_not_offered_anyone_else_s(
    journey: Journey, client_for: Any
) -> None:
    discussion = journey.strategy(recent())
    services.strategy_contribution_record(
        actor=journey.world.user("police_officer"), discussion=discussion, details=police_contribution()
    )
    url = reverse("child_protection:contribution_new", args=[discussion.pk])
    assert client_for("police_officer").get(url).status_code == 404
    page = unescape(client_for("social_worker").get(url).content.decode())
    assert "Whose contribution are you recording?" in page
    assert journey.world.health_visitor.full_name in page
