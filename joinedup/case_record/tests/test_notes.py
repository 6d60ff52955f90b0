from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.audit.testing import assert_audit_events
from joinedup.case_record import services
from joinedup.case_record.models import CaseNote, CaseNoteChild, CaseNoteDraft, NoteCorrection
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World

from .conftest import Siblings

pytestmark = pytest.mark.django_db


def _note(world: World, children: list[Any], **overrides: Any) -> CaseNote:
    fields: dict[str, Any] = dict(
        actor=world.user("social_worker"),
        child_ids=[c.pk for c in children],
        note_type="joint_visit",
        occurred_on=timezone.localdate(),
        child_seen=True,
        child_seen_alone=True,
        what_happened="Visited the family home with the health visitor. The house was warm and tidy.",
        childs_words="I like it when Nan picks me up from school.",
        analysis="The children appear settled; the risk from the father's visits is reduced.",
    )
    fields.update(overrides)
    return services.note_record(**fields)


def _form(child_ids: list[int], **overrides: str) -> dict[str, Any]:
    today = timezone.localdate()
    data: dict[str, Any] = {
        "children": [str(c) for c in child_ids],
        "note_type": "direct_work",
        "occurred_on_0": str(today.day),
        "occurred_on_1": str(today.month),
        "occurred_on_2": str(today.year),
        "present": "Mum, the three children, the health visitor",
        "child_seen": "yes",
        "child_seen_alone": "yes",
        "childs_words": "Ellie said: I feel safe now Dad does not come round",
        "what_happened": "Joint visit with the health visitor.",
        "analysis": "Mum is protective.",
        "action": "record",
    }
    data.update(overrides)
    return data


class TestOneNoteForSeveralSiblings:
    def test_given_three_siblings_when_one_joint_visit_note_is_recorded_then_it_is_on_each_childs_record(
        self, world: World, siblings: Siblings
    ) -> None:
        with assert_audit_events(*[("created", "case_record.casenote")] * 3):
            note = _note(world, siblings.all)
        assert set(CaseNoteChild.objects.filter(note=note).values_list("child_id", flat=True)) == {
            c.pk for c in siblings.all
        }
        client_children = [c.pk for c in siblings.all]
        assert len(client_children) == 3

    def test_given_the_form_when_the_worker_records_for_three_siblings_then_each_childs_notes_page_shows_it(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        client = client_for("social_worker")
        page = client.get(reverse("case_record:note_new", args=[siblings.eldest.pk]))
        assert page.status_code == 200
        for child in siblings.all:
            assert f'value="{child.pk}"' in page.content.decode()
        response = client.post(
            reverse("case_record:note_new", args=[siblings.eldest.pk]), _form([c.pk for c in siblings.all])
        )
        assert response.status_code == 302
        note = CaseNote.objects.get()
        for child in siblings.all:
            html = client.get(reverse("case_record:notes", args=[child.pk])).content.decode()
            assert "I feel safe now Dad does not come round" in html
            assert client.get(reverse("case_record:note", args=[child.pk, note.pk])).status_code == 200
        assert not CaseNoteDraft.objects.exists()

    def test_given_a_child_the_worker_may_not_see_when_recording_then_nothing_is_written(
        self, world: World, siblings: Siblings
    ) -> None:
        with pytest.raises(NotFoundOrNotPermitted):
            _note(world, [siblings.eldest, world.unallocated_child])
        assert not CaseNote.objects.exists()


class TestBadInputKeepsTheDraft:
    def test_given_an_empty_note_when_recorded_then_a_clear_error_and_the_draft_survives(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        client = client_for("social_worker")
        response = client.post(
            reverse("case_record:note_new", args=[siblings.eldest.pk]),
            _form([siblings.eldest.pk], what_happened="   "),
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "There is a problem" in html and "Enter what happened" in html
        assert "I feel safe now Dad does not come round" in html  # what was typed is still on the page
        draft = CaseNoteDraft.objects.get()
        assert draft.data["childs_words"] == "Ellie said: I feel safe now Dad does not come round"
        assert not CaseNote.objects.exists()

    def test_given_a_note_dated_in_the_future_when_recorded_then_refused_and_the_draft_survives(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        client = client_for("social_worker")
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        response = client.post(
            reverse("case_record:note_new", args=[siblings.eldest.pk]),
            _form(
                [siblings.eldest.pk],
                occurred_on_0=str(tomorrow.day),
                occurred_on_1=str(tomorrow.month),
                occurred_on_2=str(tomorrow.year),
            ),
        )
        assert response.status_code == 200
        assert services.FUTURE_NOTE in response.content.decode()
        assert not CaseNote.objects.exists()
        draft = CaseNoteDraft.objects.get()
        # Signed out and back in (a new session): the draft is still there, as typed.
        again = client_for("social_worker").get(
            reverse("case_record:note_new", args=[siblings.eldest.pk]) + f"?draft={draft.pk}"
        )
        assert "I feel safe now Dad does not come round" in again.content.decode()
        assert f'value="{tomorrow.year}"' in again.content.decode()

    def test_given_a_future_date_when_the_service_is_called_then_it_refuses(
        self, world: World, siblings: Siblings
    ) -> None:
        with pytest.raises(ValidationError) as raised:
            _note(world, [siblings.eldest], occurred_on=timezone.localdate() + dt.timedelta(days=3))
        assert services.FUTURE_NOTE in str(raised.value)

    def test_given_typing_when_autosaved_then_the_draft_is_kept_server_side_for_its_author_only(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        client = client_for("social_worker")
        url = reverse("case_record:note_autosave", args=[siblings.eldest.pk])
        first = client.post(url, {"what_happened": "Half a sentence", "children": [siblings.eldest.pk]}).json()
        second = client.post(url, {"what_happened": "Half a sentence, then more", "draft_id": first["draft_id"]}).json()
        assert first["draft_id"] == second["draft_id"]
        assert CaseNoteDraft.objects.get().data["what_happened"] == "Half a sentence, then more"
        assert client_for("team_manager").post(
            url, {"draft_id": first["draft_id"], "what_happened": "x"}
        ).status_code in (200, 404)
        assert CaseNoteDraft.objects.get(pk=first["draft_id"]).data["what_happened"] == "Half a sentence, then more"
        assert client_for("school_dsl").post(url, {"what_happened": "x"}).status_code == 404

    def test_given_save_as_draft_then_the_notes_page_offers_to_carry_on(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        client = client_for("social_worker")
        client.post(
            reverse("case_record:note_new", args=[siblings.eldest.pk]),
            _form([siblings.eldest.pk], action="save_draft", occurred_on_0="", what_happened=""),
        )
        html = client.get(reverse("case_record:notes", args=[siblings.eldest.pk])).content.decode()
        assert "Carry on with your draft" in html


class TestLockingAndCorrections:
    def test_given_a_recent_note_when_its_author_changes_it_then_it_changes_and_is_audited(
        self, world: World, siblings: Siblings
    ) -> None:
        note = _note(world, [siblings.eldest])
        with assert_audit_events(("updated", "case_record.casenote")):
            services.note_update(actor=world.user("social_worker"), note=note, analysis="Revised analysis")
        note.refresh_from_db()
        assert note.analysis == "Revised analysis"

    def test_given_a_locked_note_when_changed_then_refused_and_unchanged(
        self, world: World, siblings: Siblings
    ) -> None:
        note = _note(world, siblings.all)
        with (
            time_machine.travel(timezone.now() + dt.timedelta(hours=25), tick=False),
            pytest.raises(ValidationError) as raised,
        ):
            services.note_update(actor=world.user("social_worker"), note=note, what_happened="Quietly rewritten")
        assert services.NOTE_LOCKED in str(raised.value)
        note.refresh_from_db()
        assert note.what_happened.startswith("Visited the family home")

    def test_given_a_locked_note_when_corrected_then_the_original_stays_and_the_correction_is_shown_as_one(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        note = _note(world, siblings.all)
        with time_machine.travel(timezone.now() + dt.timedelta(days=2), tick=False):
            client = client_for("social_worker")
            edit = client.get(reverse("case_record:note_edit", args=[siblings.eldest.pk, note.pk]))
            assert edit.status_code == 302 and edit["Location"].endswith("/correct/")
            response = client.post(
                reverse("case_record:note_correct", args=[siblings.eldest.pk, note.pk]),
                {
                    "field_name": "childs_words",
                    "corrected_text": "I like it when Gran picks me up from school.",
                    "reason": "I wrote Nan; the child said Gran",
                },
            )
            assert response.status_code == 302
            html = client.get(reverse("case_record:note", args=[siblings.middle.pk, note.pk])).content.decode()
        note.refresh_from_db()
        assert note.childs_words == "I like it when Nan picks me up from school."
        correction = NoteCorrection.objects.get()
        assert correction.previous_text == note.childs_words
        assert "Correction" in html and "Gran picks me up" in html and "<del>I like it when Nan" in html
        assert "I wrote Nan; the child said Gran" in html
        assert AuditEvent.objects.filter(object_type="case_record.notecorrection").count() == 3

    def test_given_someone_else_when_they_change_a_recent_note_then_refused(
        self, world: World, siblings: Siblings
    ) -> None:
        note = _note(world, [siblings.eldest])
        with pytest.raises(ValidationError):
            services.note_update(actor=world.user("team_manager"), note=note, analysis="Mine now")


class TestNotePages:
    def test_given_a_partner_when_they_open_notes_then_404(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        _note(world, [siblings.eldest])
        assert client_for("school_dsl").get(reverse("case_record:notes", args=[siblings.eldest.pk])).status_code == 404
        assert (
            client_for("other_team_worker").get(reverse("case_record:notes", args=[siblings.eldest.pk])).status_code
            == 404
        )

    def test_given_many_notes_when_the_notes_page_is_read_then_a_fixed_number_of_queries(
        self, world: World, siblings: Siblings, client_for: Any, django_assert_max_num_queries: Any
    ) -> None:
        for _ in range(30):
            _note(world, siblings.all)
        client = client_for("social_worker")
        client.get(reverse("case_record:notes", args=[siblings.eldest.pk]))
        with django_assert_max_num_queries(24):
            response = client.get(reverse("case_record:notes", args=[siblings.eldest.pk]))
        assert response.content.decode().count('<h2 class="govuk-summary-card__title">') == 25
