"""The synthetic authority's case records (issue 9): case notes with the child's words (one note for brothers and
sisters seen together), events health visitors and police shared for the chronology, case supervision with
decisions and actions (some awaiting the manager's sign-off), and a few professional challenges from the demo
school. Written in bulk, deterministic for the seed; every word is invented."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from joinedup.access.models import Involvement, InvolvementRole

WORDS = [
    "I like it when Nan picks me up from school.",
    "I don't like it when they shout at night.",
    "My favourite thing is football with my brother.",
    "I want to stay with Mum but I want Dad to stop drinking.",
    "School is OK. I have a friend called Sam now.",
    "I get scared when the door bangs.",
    "I'd like to see my sister more.",
    "I feel safe at my carer's house.",
]
WHAT_HAPPENED = [
    "Home visit. The house was warm and there was food in the cupboards; the children's rooms were tidy.",
    "Visit at school. Spoke with the child alone in the library, then with the class teacher.",
    "Phone call with mum about the plan and the next core group.",
    "Direct work: three houses (worries, good things, dreams) with the child.",
    "Joint visit with the health visitor; the baby was weighed and is gaining weight.",
]
ANALYSIS = [
    "Mum is engaging with the plan; the risk from the father's visits appears reduced.",
    "Neglect remains a concern: the pattern of missed appointments continues.",
    "The child's account is consistent with what school has reported.",
    "",
]
HEALTH = ["Missed developmental review", "Attended the emergency department with a minor burn", "Weight gain good"]
POLICE = ["Domestic abuse call-out to the home address", "Child found after being reported missing"]


def stage_case_record(ctx: Any) -> None:
    from joinedup.agencies.models import Practitioner
    from joinedup.case_record.models import CaseNote, CaseNoteChild, SupervisionAction, SupervisionRecord
    from joinedup.people.models import Relationship
    from joinedup.sharing.models import ChallengeStep, ProfessionalChallenge, SharedEvent

    today = ctx.as_of
    rng = ctx.rng
    now = timezone.now()
    carrying = list(
        Involvement.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today),
            child_id__in=ctx.child_ids,
            role__in=[InvolvementRole.ALLOCATED_SOCIAL_WORKER, InvolvementRole.LEAD_PRACTITIONER],
        )
        .select_related("practitioner__user", "practitioner__team")
        .order_by("child_id", "id")
    )
    worker_of = {inv.child_id: inv.practitioner for inv in carrying}
    siblings: dict[int, set[int]] = defaultdict(set)
    for a, b in Relationship.objects.filter(
        from_person_id__in=worker_of, to_person_id__in=worker_of, relationship_type__in=["sibling", "half_sibling"]
    ).values_list("from_person_id", "to_person_id"):
        siblings[a].add(b)
        siblings[b].add(a)
    notes: list[CaseNote] = []
    about: list[list[int]] = []
    done: set[int] = set()
    for child_id, worker in worker_of.items():
        if worker.user is None:
            continue
        together = sorted(c for c in siblings[child_id] if worker_of.get(c) == worker and c not in done)
        for _ in range(rng.randint(2, 6)):
            day = today - timedelta(days=rng.randint(1, 360))
            seen = rng.random() < 0.85
            notes.append(
                CaseNote(
                    note_type=rng.choice(["visit", "visit", "phone_call", "direct_work", "meeting"]),
                    occurred_on=day,
                    present="Mum and the children" if together else "Mum and the child",
                    child_seen=seen,
                    child_seen_alone=seen and rng.random() < 0.6,
                    what_happened=rng.choice(WHAT_HAPPENED),
                    childs_words=rng.choice(WORDS) if seen else "",
                    analysis=rng.choice(ANALYSIS),
                    is_significant=rng.random() < 0.2,
                    author=worker.user,
                    author_name=f"{worker.given_name} {worker.family_name}",
                    recorded_at=now,
                    locks_at=now,
                )
            )
            about.append([child_id, *together] if rng.random() < 0.7 else [child_id])
        done.add(child_id)
    CaseNote.objects.bulk_create(notes, batch_size=2000)
    CaseNoteChild.objects.bulk_create(
        [
            CaseNoteChild(note=n, child_id=c, occurred_on=n.occurred_on)
            for n, kids in zip(notes, about, strict=True)
            for c in kids
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )

    # Health visitors and police share events about the children they work with.
    partners = (
        Involvement.objects.filter(
            child_id__in=ctx.child_ids, role__in=[InvolvementRole.HEALTH_VISITOR, InvolvementRole.POLICE_CONTACT]
        )
        .select_related("practitioner__user", "practitioner__organisation")
        .order_by("id")
    )
    shared: list[SharedEvent] = []
    for inv in partners:
        p = inv.practitioner
        if p.user is None or rng.random() < 0.5:
            continue
        health = inv.role == InvolvementRole.HEALTH_VISITOR
        for _ in range(rng.randint(1, 3)):
            shared.append(
                SharedEvent(
                    child_id=inv.child_id,
                    occurred_on=today - timedelta(days=rng.randint(1, 300)),
                    agency="health" if health else "police",
                    event_type="health" if health else "police_incident",
                    title=rng.choice(HEALTH if health else POLICE),
                    detail="Shared for the chronology (synthetic).",
                    organisation=p.organisation,
                    shared_by=p.user,
                    shared_by_name=f"{p.given_name} {p.family_name}",
                    shared_with_partners=rng.random() < 0.3,
                )
            )
    SharedEvent.objects.bulk_create(shared, batch_size=2000)

    # Case supervision: about half the allocated children; a worker's own record awaits their manager's sign-off.
    records: list[SupervisionRecord] = []
    for child_id, worker in worker_of.items():
        team = worker.team
        if team is None or team.manager_id is None or worker.user is None or rng.random() < 0.5:
            continue
        by_worker = rng.random() < 0.3
        manager = Practitioner(pk=team.manager_id)
        records.append(
            SupervisionRecord(
                child_id=child_id,
                held_on=today - timedelta(days=rng.randint(1, 60)),
                worker=worker,
                supervisor=manager,
                discussion="Progress against the plan; what the child has said; risks and what is working.",
                decisions=rng.choice(
                    ["Continue the plan", "Convene a strategy discussion", "Step down to Family Help"]
                ),
                recorded_by=worker.user,
                signed_off_by=None if by_worker else worker.user,
                signed_off_at=None if by_worker else now,
            )
        )
    SupervisionRecord.objects.bulk_create(records, batch_size=2000)
    actions = [
        SupervisionAction(
            record=r,
            child_id=r.child_id,
            action=rng.choice(["Visit dad", "Speak to school", "Update the chronology"]),
            owner=r.worker,
            due_on=r.held_on + timedelta(days=rng.randint(5, 40)),
        )
        for r in records
    ]
    SupervisionAction.objects.bulk_create(actions, batch_size=2000)

    # The demo school challenges a few decisions about its pupils.
    dsl = ctx.demo_practitioners.get("school.dsl")
    challenges = 0
    if dsl is not None and dsl.user is not None:
        from joinedup.people.models import ChildProfile

        pupils = list(
            ChildProfile.objects.filter(person_id__in=list(worker_of), school_id=dsl.organisation_id)
            .order_by("person_id")
            .values_list("person_id", flat=True)
        )
        for n, child_id in enumerate(pupils[:3]):
            raised = today - timedelta(days=20 - n * 5)
            challenge = ProfessionalChallenge.objects.create(
                reference=f"PC-S{ctx.seed % 1000:03d}{n}",
                child_id=child_id,
                decision="No further action on the school's concern",
                disagreement="The child has told us more than once that they are frightened at home.",
                raised_on=raised,
                raised_by=dsl.user,
                raised_by_name=f"{dsl.given_name} {dsl.family_name}",
                organisation=dsl.organisation,
                level=1 + (n == 1),
                respond_by=raised + timedelta(days=7),
                status="resolved" if n == 2 else "open",
                resolved_on=raised + timedelta(days=6) if n == 2 else None,
                resolution="Managers agreed a strategy discussion" if n == 2 else "",
            )
            ChallengeStep.objects.create(
                challenge=challenge,
                kind="raised",
                level=1,
                on=raised,
                note=challenge.disagreement,
                by=dsl.user,
                by_name=challenge.raised_by_name,
                organisation_name=dsl.organisation.name,
            )
            challenges += 1
    ctx.counts["case_notes"] = len(notes)
    ctx.counts["shared_events"] = len(shared)
    ctx.counts["supervision_records"] = len(records)
    ctx.counts["professional_challenges"] = challenges
