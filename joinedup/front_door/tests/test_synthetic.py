"""The synthetic authority's front door: a year of contacts from realistic sources with realistic conversion to
referrals and re-referrals, today's queue with overdue items for the demo front door user, and the demo school
DSL's own concerns and outcomes."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.audit.models import AuditEvent
from joinedup.episodes.codes import ReferralSource
from joinedup.front_door import selectors
from joinedup.front_door.codes import REFERRAL_OUTCOMES, SignOff
from joinedup.front_door.models import Contact, ContactDecision, Referral
from joinedup.harms.models import RiskIndicatorEscalation
from joinedup.synthetic.generator import generate
from joinedup.timescales.models import Deadline

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 20)  # a Friday


@pytest.fixture
def authority() -> Any:
    with time_machine.travel("2026-11-20 10:00:00+00:00", tick=False):
        yield generate(seed=11, children=3000, as_of=AS_OF)


def user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def test_a_year_of_contacts_from_realistic_sources_with_realistic_conversion(authority: Any) -> None:
    year = Contact.objects.filter(received_on__gt=date(2025, 11, 20))
    sources = Counter(ReferralSource(s).family for s in year.values_list("source", flat=True))
    total = sum(sources.values())
    # Police the largest source, then schools, of the named sources ("other" gathers many small ones nationally:
    # local authority services, housing, legal agencies, other, anonymous, which together rival schools).
    named = Counter({family: n for family, n in sources.items() if family != "other"})
    assert [family for family, _ in named.most_common(2)] == ["police", "schools"]
    assert 0.22 <= sources["police"] / total <= 0.36 and 0.14 <= sources["schools"] / total <= 0.28
    assert sources["health"] > sources["individual"] > 0
    decided = ContactDecision.objects.filter(contact__in=year, sign_off=SignOff.AGREED)
    conversion = decided.filter(outcome__in=REFERRAL_OUTCOMES).count() / decided.count()
    assert 0.3 <= conversion <= 0.5  # modelled: about 40% of contacts become referrals
    referrals = Referral.objects.filter(referral_date__gt=date(2025, 11, 20))
    re_referrals = referrals.filter(is_re_referral=True).count() / referrals.count()
    assert 0.14 <= re_referrals <= 0.32  # national: 22.6%
    assert Deadline.objects.filter(rule_code="contact_decision").exists()
    assert not AuditEvent.objects.exists()  # generated, not done by anyone
    references = list(Contact.objects.order_by("id").values_list("reference", flat=True))
    assert len(set(references)) == len(references)


def test_the_demo_users_see_a_realistic_queue_their_concerns_and_outcomes(authority: Any) -> None:
    """The front door: overdue items, information and sign-off waits, a child in immediate danger first. The
    school DSL: their own concerns and the outcomes. The health visitor: a request to answer."""
    with time_machine.travel("2026-11-20 10:00:00+00:00", tick=False):
        queue = selectors.mash_queue(actor=user("front.door"), today=AS_OF)
    assert queue.counts["all"] >= 25
    assert queue.counts["overdue"] >= 3
    assert queue.counts["waiting_for_information"] >= 1 and queue.counts["awaiting_sign_off"] >= 1
    assert queue.rows[0].contact.immediate_danger
    assert selectors.alerts_for(actor=user("front.door"))
    assert RiskIndicatorEscalation.objects.filter(acknowledged_at__isnull=True).exists()
    awaiting = ContactDecision.objects.filter(sign_off=SignOff.AWAITING).first()
    assert awaiting is not None
    assert has_permission(user("front.door.manager"), Permission.SIGN_OFF_CONTACT_DECISION, awaiting)
    dsl = user("school.dsl")
    concerns = selectors.partner_concern_list(actor=dsl)
    assert len(concerns) >= 10
    assert sum(1 for c in concerns if c.outcome is not None) >= 8
    assert dsl.practitioner.full_name in {c.raised_by for c in concerns}
    # Theirs, or their school's (a designated safeguarding lead oversees the setting's concerns): nobody else's.
    orgs = set(Contact.objects.filter(id__in=[c.id for c in concerns]).values_list("referrer_organisation", flat=True))
    assert orgs == {dsl.practitioner.organisation_id}
    requests = selectors.partner_information_requests(actor=user("health.visitor"))
    assert any(r.responded_at is None for r in requests)


def test_every_generated_episode_has_the_history_the_services_would_have_written(authority: Any) -> None:
    """ADR 0019: written in bulk with the episodes: opened on the referral date in its first tier, each later step-up,
    closed on its closing day with its CIN reason; the last tier moved to is the episode's."""
    from joinedup.episodes.codes import TransitionKind
    from joinedup.episodes.models import CaseEpisode, EpisodeTransition

    history: dict[int, list[EpisodeTransition]] = {}
    for t in EpisodeTransition.objects.order_by("happened_on", "id"):
        history.setdefault(t.episode_id, []).append(t)
    episodes = list(CaseEpisode.objects.all())
    assert episodes and set(history) == {e.pk for e in episodes}
    for episode in episodes:
        rows = history[episode.pk]
        assert (rows[0].kind, rows[0].happened_on, rows[0].from_tier) == (TransitionKind.OPENED, episode.started_on, "")
        assert [t.to_tier for t in rows if t.to_tier][-1] == episode.tier
        closed = [t for t in rows if t.kind == TransitionKind.CLOSED]
        if episode.closed_on is None:
            assert closed == []
        else:
            assert [(t.happened_on, t.closure_reason) for t in closed] == [(episode.closed_on, episode.closure_reason)]
            assert rows[-1] == closed[0]
        assert all(t.decided_as.startswith("synthetic.") for t in rows)
    assert EpisodeTransition.objects.filter(kind=TransitionKind.STEPPED_UP).exists()
