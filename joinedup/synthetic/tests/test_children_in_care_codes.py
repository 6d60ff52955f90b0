"""The synthetic children in care are recorded as the SSDA903 guide codes them (issue 17): each social worker
allocation with the DfE's reason for it (SW13STG1), children missing from care in each collection year, no missing
episode open across a change of episode (rule 575), a new placement with the same carers as a B or U episode (rule
435), and the URN placeholder, URNs and providers only where the placement type has them (rules 178, 213, 222, 242).
One authority of 3,000 children serves every check."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise

import pytest
from django.utils import timezone

from joinedup.access.models import Involvement, InvolvementRole, SocialWorkerChangeReason
from joinedup.children_in_care.codes import (
    NO_PROVIDER_PLACEMENTS,
    NO_URN_PLACEMENTS,
    URN_PLACEHOLDER,
    URN_PLACEHOLDER_PLACEMENTS,
)
from joinedup.children_in_care.models import CareEpisode, MissingEpisode, Placement
from joinedup.synthetic.generator import generate

AS_OF = date(2027, 4, 30)
MOVE_REASONS = set(SocialWorkerChangeReason.values) - {SocialWorkerChangeReason.FCONTA}


@pytest.mark.django_db
def test_the_synthetic_care_record_gives_the_ssda903_codes_the_guide_sets() -> None:
    generate(seed=1, children=3000, as_of=AS_OF)

    # A handover of a looked-after child's work (the day after the last allocation ended) is a change of social
    # worker with the DfE's reason for it, not first contact (SW13STG1), and some children had one. (A first
    # allocation an earlier stage made may leave the reason blank: the return gives it FCONTA.)
    by_child: dict[int, list[Involvement]] = defaultdict(list)
    for inv in Involvement.objects.filter(role=InvolvementRole.ALLOCATED_SOCIAL_WORKER).order_by("started_on", "id"):
        by_child[inv.child_id].append(inv)
    looked_after = set(CareEpisode.objects.values_list("child_id", flat=True))
    handovers = 0
    for child_id, allocations in by_child.items():
        if child_id not in looked_after:
            continue
        for previous, inv in zip([None, *allocations[:-1]], allocations, strict=True):
            if previous is not None and previous.ended_on == inv.started_on - timedelta(days=1):
                handovers += 1
                assert inv.reason_for_social_worker_change in MOVE_REASONS, (child_id, inv.started_on)
    assert handovers > 0

    # A missing episode still open began after the child's current episode did (rule 575).
    open_missing = list(MissingEpisode.objects.filter(ended_at=None))
    for missing in open_missing:
        current = CareEpisode.objects.filter(child_id=missing.child_id).order_by("-started_on").first()
        assert current is not None and current.ended_on is None, missing.child_id
        assert timezone.localtime(missing.started_at).date() >= current.started_on, missing.child_id

    # Children went missing while looked after in each collection year, so each year's Missing table has them.
    for first, last in ((date(2025, 4, 1), date(2026, 3, 31)), (date(2026, 4, 1), date(2027, 3, 31))):
        assert MissingEpisode.objects.filter(started_at__date__range=(first, last)).exists(), first

    # A new placement with the same carers is a B episode (or U with a new legal status), never P or T (rule 435).
    episodes: dict[int, list[CareEpisode]] = defaultdict(list)
    for episode in CareEpisode.objects.select_related("placement").order_by("started_on", "id"):
        episodes[episode.period_id].append(episode)
    for rows in episodes.values():
        for previous_episode, episode in pairwise(rows):
            before, now = previous_episode.placement, episode.placement
            if before.pk != now.pk and now.carer_id is not None and now.carer_id == before.carer_id:
                assert episode.reason_new_episode in ("B", "U"), episode.child_id

    # Providers and URNs only where the placement type has them (rules 178, 213, 222, 242).
    for placement in Placement.objects.all():
        kind = placement.placement_type
        if kind in NO_PROVIDER_PLACEMENTS:
            assert placement.provider == "", (placement.child_id, kind)
        if placement.urn == URN_PLACEHOLDER:
            assert kind in URN_PLACEHOLDER_PLACEMENTS, (placement.child_id, kind)
        if kind in NO_URN_PLACEMENTS:
            assert placement.urn == "", (placement.child_id, kind)
