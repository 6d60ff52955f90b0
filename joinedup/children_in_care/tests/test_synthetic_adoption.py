"""The synthetic authority's adoption decisions, matches, reversals and deprivation of liberty orders."""

from __future__ import annotations

from datetime import date

import pytest

from joinedup.children_in_care.models import (
    AdopterMatch,
    AdoptionDecision,
    DeprivationOfLibertyOrder,
    PeriodOfCare,
    Placement,
)
from joinedup.synthetic.generator import generate

AS_OF = date(2027, 4, 30)


@pytest.mark.django_db
def test_given_a_synthetic_authority_when_generated_then_adoptions_have_decisions_matches_and_rare_dolo_orders() -> (
    None
):
    generate(seed=1, children=3000, as_of=AS_OF)
    adopted = list(PeriodOfCare.objects.filter(reason_ceased__in=["E11", "E12"]))
    assert len(adopted) >= 3
    decisions = list(AdoptionDecision.objects.select_related("period"))
    by_period = {d.period_id: d for d in decisions}
    for period in adopted:
        decision = by_period[period.pk]
        match = AdopterMatch.objects.get(decision=decision)
        assert period.started_on <= decision.decided_on <= match.matched_on <= period.ended_on
        assert (match.number_of_adopters == 1) == (match.adopters_sex in ("M1", "F1"))
    # Not every decision leads to adoption: some are open, some reversed with a reason.
    assert len(decisions) > len(adopted)
    for d in decisions:
        assert d.period.started_on <= d.decided_on
        if d.ceased_on is not None:
            assert d.decided_on <= d.ceased_on and d.reason_ceased in ("RD1", "RD2", "RD3", "RD4")
    # Deprivation of liberty: rare, in a children's home (K2, Z12, Z13), inside that placement.
    orders = list(DeprivationOfLibertyOrder.objects.all())
    looked_after = PeriodOfCare.objects.filter(ended_on__isnull=True).count()
    assert 1 <= len(orders) <= max(3, looked_after // 20)
    for order in orders:
        placement = (
            Placement.objects.filter(period_id=order.period_id, started_on__lte=order.started_on)
            .order_by("-started_on")
            .first()
        )
        assert placement is not None and placement.placement_type in ("K2", "Z12", "Z13")
        assert placement.ended_on is None or (order.ended_on is not None and order.ended_on <= placement.ended_on)
