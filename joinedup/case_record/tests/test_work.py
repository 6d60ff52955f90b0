"""A worker's unfinished case notes, as work on their home page and My work (issue 19)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from joinedup.access.models import Involvement
from joinedup.case_record.models import CaseNoteDraft
from joinedup.case_record.selectors import note_drafts_work
from joinedup.core.tests.personas import World
from joinedup.core.work import WorkKind


def test_a_worker_sees_only_their_own_drafts_about_children_they_still_see(
    world: World, django_assert_num_queries: Any
) -> None:
    today = timezone.localdate()
    worker = world.user("social_worker")
    draft = CaseNoteDraft.objects.create(author=worker, child=world.allocated_child, data={"summary": "Half"})
    CaseNoteDraft.objects.create(author=world.user("team_manager"), child=world.allocated_child, data={})
    with django_assert_num_queries(2):  # who the person is (their role, teams or scope), then the rows
        (item,) = note_drafts_work(actor=worker, today=today)
    assert item.kind == WorkKind.DRAFT and item.object_id == draft.pk
    assert item.title == "Case note about Ellie Marsden"
    assert item.url == f"/children/{world.allocated_child.pk}/case-notes/new/?draft={draft.pk}"
    assert item.child_id == world.allocated_child.pk
    # Nobody else sees it; once the worker no longer sees the child, neither do they.
    assert [i.object_id for i in note_drafts_work(actor=world.user("team_manager"), today=today)] != [draft.pk]
    assert note_drafts_work(actor=world.user("other_team_worker"), today=today) == []
    Involvement.objects.filter(practitioner=world.social_worker).delete()
    assert note_drafts_work(actor=worker, today=today) == []
