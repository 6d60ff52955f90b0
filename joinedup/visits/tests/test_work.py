"""A worker's unfinished visits, as work on their home page and My work (issue 19)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from joinedup.access.models import Involvement
from joinedup.core.tests.personas import World
from joinedup.core.work import WorkKind
from joinedup.visits.models import VisitDraft
from joinedup.visits.selectors import visit_drafts_work


def test_a_worker_sees_only_their_own_visit_drafts_about_children_they_still_see(
    world: World, django_assert_num_queries: Any
) -> None:
    today = timezone.localdate()
    worker = world.user("social_worker")
    draft = VisitDraft.objects.create(author=worker, child=world.allocated_child, data={})
    with django_assert_num_queries(2):  # who the person is (their role, teams or scope), then the rows
        (item,) = visit_drafts_work(actor=worker, today=today)
    assert item.kind == WorkKind.DRAFT and item.object_id == draft.pk and item.title == "Visit to Ellie Marsden"
    assert item.url == f"/children/{world.allocated_child.pk}/visits/new/?draft={draft.pk}"
    for name in ("team_manager", "other_team_worker", "police_officer"):
        assert visit_drafts_work(actor=world.user(name), today=today) == []
    Involvement.objects.filter(practitioner=world.social_worker).delete()
    assert visit_drafts_work(actor=worker, today=today) == []
