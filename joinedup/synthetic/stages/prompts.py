"""The synthetic authority's practice prompts (M32; issue 18): the authority's default prompts, and plausible
answers at every front door decision, strategy discussion, held conference, visit and return home interview the
earlier stages wrote, for the children each prompt applies to (joinedup/prompts/targeting.py). Uses no random stream
(each answer is chosen from its record's key), so nothing the earlier stages drew changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zlib
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from joinedup.child_protection.codes import ConferenceStatus
from joinedup.child_protection.models import Conference, StrategyDiscussion
from joinedup.children_in_care.models import ReturnHomeInterview
from joinedup.front_door.models import ContactDecision
from joinedup.people.models import Person
from joinedup.prompts.codes import PromptGroup, PromptMoment
from joinedup.prompts.models import PracticePrompt, PromptAnswer
from joinedup.prompts.seed import practice_prompts_ensure
from joinedup.prompts.targeting import ChildFacts, age_on, child_facts, groups_for
from joinedup.visits.models import VisitChild

BATCH = 2000

# What a practitioner might write, by the group the prompt is for: a few each, chosen by the record's key.
ANSWERS: dict[str, list[str]] = {
    PromptGroup.ALL_CHILDREN: [
        "Spoke with the child alone first; what they told us is recorded in their own words.",
        "The school and health visitor described the child's day; it matches what we saw.",
        "Considered: nothing further to add beyond the record.",
    ],
    PromptGroup.BABIES: [
        "Health visitor saw the baby last week, weight on track; baby seen awake and handled today.",
        "Baby seen unclothed with the parent's agreement; no marks. Sleeps in a cot in the parents' room.",
    ],
    PromptGroup.OLDER_CHILDREN: [
        "Asked about friends, phones and where they spend time; no sign of exploitation today.",
        "Shared with the exploitation lead: older friends and late nights out.",
    ],
    PromptGroup.DISABLED_CHILDREN: [
        "Used the child's picture cards with their teaching assistant present.",
        "Checked with the school nurse: the marks are not explained by the condition.",
    ],
    PromptGroup.BLACK_MIXED_HERITAGE: [
        "Yes: we discussed the child as a child at risk, and checked our assumptions about their age and choices.",
        "Talked in supervision about how the child is described in the referrals; their vulnerability is recognised.",
    ],
    PromptGroup.BLACK_MIXED_HERITAGE_OLDER: [
        "Yes: treated as a child at risk, not as someone who chose this; language in the records checked.",
        "Police and school agreed to describe the incident as harm to a child.",
    ],
    PromptGroup.YOUNG_PARENT: [
        "Mum is 19 and a care leaver: her personal adviser is involved and she has her own support plan.",
        "Dad is 20: offered the young parents' group and his own worker.",
    ],
    PromptGroup.FATHER_NOT_ENGAGED: [
        "Dad not yet seen: letter sent and phone call booked; police checks requested.",
        "Mum says he visits at weekends; we will invite him to the next meeting.",
    ],
    PromptGroup.LGBTQIA_PARENT: [
        "Both mums asked that their relationship is described accurately in the records; done.",
        "Considered the parent's experience of services; no assumptions made about family roles.",
    ],
}


def _pick(group: str, key: str) -> str:
    options = ANSWERS.get(group) or ANSWERS[PromptGroup.ALL_CHILDREN]
    return options[zlib.crc32(key.encode()) % len(options)]


class _Answerer:
    def __init__(self, as_of: dt.date) -> None:
        self.as_of = as_of
        self.prompts: dict[str, list[PracticePrompt]] = {}
        for prompt in PracticePrompt.objects.filter(is_active=True).order_by("display_order", "id"):
            self.prompts.setdefault(prompt.moment, []).append(prompt)
        self.facts: dict[int, ChildFacts] = {}
        self.people: dict[int, Person] = {}
        self.rows: list[PromptAnswer] = []

    def load(self, child_ids: Iterable[int]) -> None:
        wanted = set(child_ids) - set(self.people)
        for child in Person.objects.filter(pk__in=wanted).select_related("child_profile"):
            self.people[child.pk] = child
            self.facts[child.pk] = child_facts(child, self.as_of)

    def answer(self, moment: str, record: Any, child_id: int | None, at: dt.datetime, by: int | None) -> None:
        if by is None or not self.prompts.get(moment):
            return
        if child_id is None or child_id not in self.facts:
            groups = {PromptGroup.ALL_CHILDREN.value}
        else:
            facts, born = self.facts[child_id], self.people[child_id].date_of_birth
            age = age_on(born, at.date()) if born and born <= at.date() else None
            groups = groups_for(dataclasses.replace(facts, age=age))
        for prompt in self.prompts[moment]:
            if prompt.applies_to not in groups:
                continue
            key = f"{record._meta.label_lower}:{record.pk}:{prompt.pk}"
            self.rows.append(
                PromptAnswer(
                    prompt=prompt,
                    moment=moment,
                    record_type=record._meta.label_lower,
                    record_id=record.pk,
                    child_id=child_id,
                    question_asked=prompt.question,
                    answer=_pick(prompt.applies_to, key),
                    answered_by_id=by,
                    answered_at=at,
                )
            )


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def stage_practice_prompts(ctx: Any) -> None:
    practice_prompts_ensure(PracticePrompt)
    a = _Answerer(ctx.as_of)
    decisions = list(ContactDecision.objects.select_related("contact"))
    discussions = list(StrategyDiscussion.objects.select_related("recorded_by"))
    conferences = list(
        Conference.objects.filter(status=ConferenceStatus.HELD, held_on__isnull=False).select_related(
            "recorded_by", "chair"
        )
    )
    visits = list(VisitChild.objects.select_related("visit"))
    interviews = list(ReturnHomeInterview.objects.select_related("recorded_by"))
    a.load(
        [d.contact.child_id for d in decisions if d.contact.child_id]
        + [s.child_id for s in discussions]
        + [c.child_id for c in conferences]
        + [v.child_id for v in visits]
        + [i.child_id for i in interviews]
    )
    for d in decisions:
        a.answer(PromptMoment.CONTACT_DECISION, d, d.contact.child_id, d.decided_at, d.decided_by_id)
    for s in discussions:
        by = s.recorded_by.user_id if s.recorded_by else None
        a.answer(PromptMoment.STRATEGY_DISCUSSION, s, s.child_id, _noon(s.held_on), by)
    for c in conferences:
        who = c.recorded_by or c.chair
        assert c.held_on is not None
        a.answer(PromptMoment.CONFERENCE, c, c.child_id, _noon(c.held_on), who.user_id if who else None)
    for v in visits:
        a.answer(PromptMoment.VISIT, v.visit, v.child_id, _noon(v.visit.visited_on), v.visit.recorded_by_id)
    for i in interviews:
        by = i.recorded_by.user_id if i.recorded_by else None
        a.answer(PromptMoment.RETURN_HOME_INTERVIEW, i, i.child_id, i.offered_at, by)
    PromptAnswer.objects.bulk_create(a.rows, batch_size=BATCH)
    ctx.counts["practice_prompt_answers"] = len(a.rows)
