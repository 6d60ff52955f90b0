"""Every write of timescales: local rule settings, deadlines and notifications. Each service is one transaction
with its audit event; nothing is half-saved. Other apps' services (contacts, conferences, placements) call
`deadline_start` when they record a triggering event and `deadline_recompute_for_subject` when its date is
corrected."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.access.models import Involvement, InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.agencies.models import OrganisationType, Practitioner, Team, TeamType
from joinedup.agencies.roles import PARTNER_ROLES, Role
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import NotFoundOrNotPermitted, field_error
from joinedup.people.models import Person

from . import engine
from .calendar import CALENDAR
from .engine import LocalFigures
from .errors import TimescalesError
from .models import Deadline, LocalRuleSetting, Notification, NotificationKind, record_key
from .rules import MAX_FIGURE, MIN_WEEK_OF_PREGNANCY, CarriedBy, Counting, Rule, Unit, UnknownRule, rule_get
from .selectors import local_figures

# Who carries a child's work, in order of preference, when a deadline is started without an assignee.
ALLOCATION_ROLES = (
    InvolvementRole.ALLOCATED_SOCIAL_WORKER,
    InvolvementRole.LEAD_CHILD_PROTECTION_PRACTITIONER,
    InvolvementRole.LEAD_PRACTITIONER,
)
DUE_SOON_WORKING_DAYS = 2


# -- local rule settings ---------------------------------------------------------------------------------------


def local_rule_setting_change(
    *,
    actor: Any,
    rule_code: str,
    interval: str,
    period: int = 0,
    figure: int,
    effective_from: date,
    reason: str = "",
) -> LocalRuleSetting:
    """Change a local protocol's figure for clocks started on or after `effective_from` (today or later, so no
    clock already running changes). A second change for the same day replaces the first."""
    if not has_permission(actor, Permission.CHANGE_LOCAL_RULE):
        raise NotFoundOrNotPermitted
    try:
        rule = rule_get(rule_code)
        chosen = rule.interval(interval)
    except UnknownRule as exc:
        raise field_error("rule_code", str(exc), TimescalesError.UNKNOWN_RULE) from exc
    if not rule.is_local:
        raise field_error(
            "rule_code", "Only a local protocol's figure can be changed", TimescalesError.NOT_A_LOCAL_RULE
        )
    if not 0 <= period < len(chosen.periods):
        raise field_error("period", "This interval has no such figure", TimescalesError.UNKNOWN_INTERVAL)
    unit = chosen.periods[period].unit
    lowest, highest = figure_bounds(rule, chosen.name, period)
    if not lowest <= figure <= highest:
        if chosen.counting == Counting.WEEKS_OF_PREGNANCY:
            message = f"Enter a week of pregnancy from {lowest} to {highest}"
        else:
            message = f"Enter a figure from {lowest} to {highest} {unit.label}"
        raise field_error("figure", message, TimescalesError.FIGURE_OUT_OF_RANGE)
    today = timezone.localdate()
    if effective_from < today:
        raise field_error(
            "effective_from",
            "The date it takes effect must be today or in the future, so clocks already started keep their figure",
            TimescalesError.EFFECTIVE_FROM_IN_PAST,
        )
    with transaction.atomic():
        in_force_before = engine.figures_in_force(rule, chosen, effective_from, local_figures())[period].figure
        setting = LocalRuleSetting.objects.filter(
            rule_code=rule_code, interval=interval, period=period, effective_from=effective_from
        ).first()
        if setting is None:
            setting = LocalRuleSetting(rule_code=rule_code, interval=interval, period=period)
        setting.figure = figure
        setting.effective_from = effective_from
        setting.changed_by = actor
        setting.changed_at = timezone.now()
        setting.reason = reason.strip()
        setting.full_clean()
        setting.save()
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.SETTING_CHANGED,
            object_type="timescales.localrulesetting",
            object_id=setting.pk,
            reason=setting.reason,
            changed_fields=["figure"],
            before={"setting": f"{rule_code}.{interval}.{period}", "figure": in_force_before},
            after={
                "setting": f"{rule_code}.{interval}.{period}",
                "figure": figure,
                "effective_from": effective_from.isoformat(),
            },
        )
    return setting


def figure_bounds(rule: Rule, interval: str, period: int) -> tuple[int, int]:
    """The figures a local setting may take (a sanity bound, not a statutory one)."""
    chosen = rule.interval(interval)
    if chosen.counting == Counting.WEEKS_OF_PREGNANCY:
        return MIN_WEEK_OF_PREGNANCY, 40
    default = chosen.periods[period]
    lowest = 0 if default.figure == 0 and default.unit == Unit.WORKING_DAYS else 1
    return lowest, MAX_FIGURE[default.unit]


# -- deadlines -------------------------------------------------------------------------------------------------


def subject_key_of(subject: str | models.Model) -> str:
    """What a deadline is about: a model instance becomes 'app_label.model:pk'; a string is used as it is."""
    if isinstance(subject, models.Model):
        return record_key(subject)
    key = str(subject).strip()
    if not key:
        raise field_error("subject", "Say what the deadline is about", TimescalesError.NO_SUCH_SUBJECT)
    return key


def _allocated_worker(child: Person) -> tuple[Practitioner | None, Team | None]:
    today = timezone.localdate()
    involvements = (
        Involvement.objects.filter(child=child, role__in=ALLOCATION_ROLES)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("practitioner")
    )
    best = sorted(
        involvements, key=lambda i: (ALLOCATION_ROLES.index(InvolvementRole(i.role)), -i.started_on.toordinal())
    )
    if not best:
        return None, None
    return best[0].practitioner, best[0].team


@dataclass(frozen=True)
class _Computed:
    due_on: date
    due_at: datetime | None
    started_at: datetime | None
    figure_applied: str


def _compute(
    rule: Rule,
    interval: str,
    started_on: date,
    started_at: datetime | None,
    anchored_on: date | None = None,
    figures: LocalFigures | None = None,
) -> _Computed:
    figures = figures if figures is not None else local_figures()
    chosen = rule.interval(interval)
    periods = engine.figures_in_force(rule, chosen, started_on, figures)
    due_on = engine.interval_due_date(chosen, anchored_on or started_on, periods, CALENDAR)
    due_at = None
    if all(p.unit == Unit.HOURS for p in periods):
        instant = started_at or engine.start_of_day(started_on)
        due_at = engine.due_at(rule.code, instant, interval=interval, figures=figures)
        if due_at is not None:
            due_on = timezone.localtime(due_at).date()
    return _Computed(due_on, due_at, started_at, chosen.describe(tuple(p.figure for p in periods)))


def _check_start(started_on: date, started_at: datetime | None) -> None:
    if started_on > timezone.localdate():
        raise field_error(
            "started_on", "The date the clock starts must be today or in the past", TimescalesError.START_IN_FUTURE
        )
    if started_at is not None:
        if timezone.is_naive(started_at):
            raise ValueError("started_at must be timezone-aware")
        if started_at > timezone.now():
            raise field_error(
                "started_on", "The time the clock starts must be now or in the past", TimescalesError.START_IN_FUTURE
            )
        if timezone.localtime(started_at).date() != started_on:
            raise field_error(
                "started_on", "The start time must fall on the start date", TimescalesError.START_IN_FUTURE
            )


def deadline_build(
    *,
    rule_code: str,
    child_id: int,
    subject_key: str,
    started_on: date,
    interval: str | None = None,
    started_at: datetime | None = None,
    anchored_on: date | None = None,
    met_on: date | None = None,
    late_reason: str = "",
    assignee: Practitioner | None = None,
    team_id: int | None = None,
    figures: LocalFigures | None = None,
) -> Deadline:
    """A clock as the rules make it, unsaved: its due date (and time) from the figure in force on `started_on`,
    local figures included. `deadline_start` saves one with its checks and audit; the synthetic authority builds
    thousands with it and writes them in bulk (pass `figures`, read once, so each costs no query). A met clock keeps
    its late reason only when it was met after its due date."""
    rule = rule_get(rule_code)
    chosen = rule.interval(interval)
    computed = _compute(rule, chosen.name, started_on, started_at, anchored_on, figures)
    return Deadline(
        rule_code=rule.code,
        interval=chosen.name,
        child_id=child_id,
        subject_key=subject_key,
        started_on=started_on,
        started_at=computed.started_at,
        due_on=computed.due_on,
        due_at=computed.due_at,
        anchored_on=anchored_on,
        figure_applied=computed.figure_applied,
        is_local=rule.is_local,
        met_on=met_on,
        late_reason=late_reason if met_on is not None and met_on > computed.due_on else "",
        assignee=assignee,
        team_id=team_id,
    )


# The deadline services below are steps of another service: the domain service a user called (recording an
# assessment, a conference, a visit) checked that user's permission once, and its clocks start, are met and move
# as part of that decision, whoever clicked (issue 16). None of them asks access/ again.


def deadline_start(
    *,
    actor: Any,
    rule_code: str,
    child: Person,
    subject: str | models.Model,
    started_on: date,
    assignee: Practitioner | None = None,
    interval: str | None = None,
    started_at: datetime | None = None,
    anchored_on: date | None = None,
) -> Deadline:
    """Start a statutory clock for a child. The due date uses the local figure in force on `started_on`.
    Without an assignee, the child's allocated worker (and their team) carries it, where there is one.

    `anchored_on` is for an interval counted in weeks of pregnancy, whose rule counts back from the expected date of
    delivery (a date usually still to come): the clock starts on `started_on` (today or past: when the concern is
    known) and is due the rule's figure before the anchor. No other interval takes an anchor."""
    try:
        rule = rule_get(rule_code)
        chosen = rule.interval(interval)
    except UnknownRule as exc:
        raise field_error("rule_code", str(exc), TimescalesError.UNKNOWN_RULE) from exc
    if anchored_on is not None and chosen.counting != Counting.WEEKS_OF_PREGNANCY:
        raise ValueError(f"{rule.code}.{chosen.name} is not counted from an anchor date")
    if not child.is_child_record:
        raise field_error("child", "Deadlines are kept for a child's record", TimescalesError.NOT_A_CHILD)
    _check_start(started_on, started_at)
    key = subject_key_of(subject)
    with transaction.atomic():
        if Deadline.objects.filter(child=child, rule_code=rule.code, interval=chosen.name, subject_key=key).exists():
            raise field_error(
                "subject", "This clock has already been started for this child", TimescalesError.DUPLICATE_DEADLINE
            )
        team = None
        if assignee is None:
            assignee, team = _allocated_worker(child)
        if team is None and assignee is not None:
            team = assignee.team
        deadline = deadline_build(
            rule_code=rule.code,
            interval=chosen.name,
            child_id=child.pk,
            subject_key=key,
            started_on=started_on,
            started_at=started_at,
            anchored_on=anchored_on,
            assignee=assignee,
            team_id=team.pk if team is not None else None,
        )
        deadline.child, deadline.team = child, team  # as read already: no query to reach them again
        deadline.full_clean()
        deadline.save()
        auditor.record_created(actor=actor, obj=deadline, child_id=child.pk)
    return deadline


_MET_FIELDS = ("met_on", "late_reason")


def deadline_meet(*, actor: Any, deadline: Deadline, met_on: date, late_reason: str = "") -> Deadline:
    """Record that what the deadline asks for was done on `met_on`. Met after its due date needs a reason."""
    late_reason = late_reason.strip()
    if met_on > timezone.localdate():
        raise field_error("met_on", "The date it was done must be today or in the past", TimescalesError.MET_IN_FUTURE)
    if met_on < deadline.started_on:
        raise field_error(
            "met_on",
            "The date it was done must be on or after the date the clock started",
            TimescalesError.MET_BEFORE_START,
        )
    if met_on > deadline.due_on and not late_reason:
        raise field_error("late_reason", "Say why it was done after the due date", TimescalesError.LATE_REASON_REQUIRED)
    with transaction.atomic():
        current = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if current.met_on is not None:
            raise field_error("met_on", "This deadline has already been met", TimescalesError.ALREADY_MET)
        before = auditor.model_values(current, _MET_FIELDS)
        current.met_on = met_on
        current.late_reason = late_reason if met_on > current.due_on else ""
        current.full_clean()
        current.save(update_fields=[*_MET_FIELDS, "updated_at"])
        auditor.record_updated(
            actor=actor,
            obj=current,
            child_id=current.child_id,
            before=before,
            after=auditor.model_values(current, _MET_FIELDS),
        )
    deadline.refresh_from_db()
    return deadline


_RECOMPUTED_FIELDS = ("started_on", "started_at", "due_on", "due_at", "anchored_on", "figure_applied")


def _recompute(
    actor: Any, deadline: Deadline, started_on: date, started_at: datetime | None, anchored_on: date | None
) -> None:
    """Move a locked deadline's start (or anchor) and recompute its due date with the local figure in force on the
    start; the before and after go to the record history."""
    before = auditor.model_values(deadline, _RECOMPUTED_FIELDS)
    computed = _compute(deadline.rule, deadline.interval, started_on, started_at, anchored_on)
    deadline.started_on = started_on
    deadline.started_at = computed.started_at
    deadline.due_on = computed.due_on
    deadline.due_at = computed.due_at
    deadline.anchored_on = anchored_on
    deadline.figure_applied = computed.figure_applied
    if deadline.met_on is not None and deadline.met_on <= deadline.due_on:
        deadline.late_reason = ""
    deadline.full_clean()
    deadline.save()
    auditor.record_updated(
        actor=actor,
        obj=deadline,
        child_id=deadline.child_id,
        before=before,
        after=auditor.model_values(deadline, _RECOMPUTED_FIELDS),
    )


def deadline_recompute_for_subject(
    *,
    actor: Any,
    subject: str | models.Model,
    started_on: date,
    started_at: datetime | None = None,
    rule_code: str | None = None,
) -> list[Deadline]:
    """The triggering event's date was corrected: move the start of every clock it started (or only those of
    `rule_code`) and recompute their due dates, with the local figure in force on the corrected date. A clock
    counted in weeks of pregnancy keeps its anchor (the expected date of delivery): only its start moves."""
    _check_start(started_on, started_at)
    key = subject_key_of(subject)
    with transaction.atomic():
        qs = Deadline.objects.select_for_update().filter(subject_key=key).select_related("child")
        if rule_code is not None:
            qs = qs.filter(rule_code=rule_code)
        deadlines = list(qs.order_by("id"))
        if not deadlines:
            raise field_error("subject", "No deadline was started by this record", TimescalesError.NO_SUCH_SUBJECT)
        for deadline in deadlines:
            if deadline.met_on is not None and deadline.met_on < started_on:
                raise field_error(
                    "started_on",
                    "A deadline this record started was met before the corrected date",
                    TimescalesError.MET_BEFORE_START,
                )
        for deadline in deadlines:
            _recompute(actor, deadline, started_on, started_at, deadline.anchored_on)
    return deadlines


def deadline_reanchor(*, actor: Any, deadline: Deadline, anchored_on: date) -> Deadline:
    """The date a clock counted in weeks of pregnancy counts back from has changed (a scan moved the expected date
    of delivery): its due date moves with it and its start stays. A met clock is history and is not moved."""
    if deadline.rule.interval(deadline.interval).counting != Counting.WEEKS_OF_PREGNANCY:
        raise ValueError(f"{deadline.rule_code}.{deadline.interval} is not counted from an anchor date")
    with transaction.atomic():
        current = Deadline.objects.select_for_update().select_related("child").get(pk=deadline.pk)
        if current.met_on is not None:
            raise field_error("anchored_on", "This deadline has already been met", TimescalesError.ALREADY_MET)
        _recompute(actor, current, current.started_on, current.started_at, anchored_on)
    deadline.refresh_from_db()
    return deadline


_WITHDRAWN_FIELDS = ("rule_code", "interval", "subject_key", "started_on", "due_on", "assignee_id", "team_id")


def deadline_withdraw(*, actor: Any, deadline: Deadline, reason: str) -> None:
    """A clock that no longer applies is withdrawn: the child ceased to be looked after before their review was
    due, the placement a visit was due in ended. The open deadline is deleted; its values and the reason stay in
    the audit trail (record history). A met deadline is history and is never withdrawn."""
    reason = reason.strip()
    if not reason:
        raise field_error("reason", "Say why the deadline no longer applies", TimescalesError.REASON_REQUIRED)
    with transaction.atomic():
        current = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if current.met_on is not None:
            raise field_error("met_on", "A met deadline cannot be withdrawn", TimescalesError.ALREADY_MET)
        before = auditor.model_values(current, _WITHDRAWN_FIELDS)
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.DELETED,
            object_type="timescales.deadline",
            object_id=current.pk,
            child_id=current.child_id,
            reason=reason,
            changed_fields=["withdrawn"],
            before=before,
        )
        current.delete()


# -- moving clocks with the child's work ----------------------------------------------------------------------

# Who carries a clock "in its own role", for the rules that belong to a role other than the child's allocated worker
# (rules.toml `carried_by`): a practitioner in one of these roles, or in a team of one of these kinds.
OWN_ROLE: Mapping[CarriedBy, tuple[frozenset[str], frozenset[str]]] = {
    CarriedBy.FRONT_DOOR: (frozenset({Role.FRONT_DOOR_PRACTITIONER}), frozenset({TeamType.FRONT_DOOR})),
    CarriedBy.INDEPENDENT_REVIEWING_OFFICER: (
        frozenset({Role.INDEPENDENT_REVIEWING_OFFICER}),
        frozenset({TeamType.INDEPENDENT_REVIEWING}),
    ),
    CarriedBy.PERSONAL_ADVISER: (frozenset({Role.PERSONAL_ADVISER}), frozenset()),
    CarriedBy.SAFEGUARDING_PARTNERS: (frozenset({Role.PARTNERSHIP_LEAD}), frozenset({TeamType.PARTNERSHIP})),
}


def is_partner_agency_practitioner(practitioner: Practitioner) -> bool:
    """Someone who works for a partner agency (a school, health, the police, a carer), not the local authority."""
    return (
        practitioner.role in PARTNER_ROLES
        or practitioner.organisation.organisation_type != OrganisationType.LOCAL_AUTHORITY
    )


def moves_with_the_childs_work(rule: Rule, assignee: Practitioner | None) -> bool:
    """Whether allocating the child's work moves an open clock of `rule` that `assignee` carries (None: nobody).
    A partner agency's practitioner keeps their clocks; a clock of the allocated worker's rule moves whoever carries
    it; a clock of another role's rule stays with whoever carries it in that role, and moves when nobody does. The
    safeguarding partners' own clocks (a serious incident's, issue 22) never move: they are not the child's worker's
    to know of."""
    if rule.carried_by == CarriedBy.SAFEGUARDING_PARTNERS:
        return False
    if assignee is None:
        return True
    if is_partner_agency_practitioner(assignee):
        return False
    if rule.carried_by == CarriedBy.ALLOCATED_WORKER:
        return True
    roles, team_types = OWN_ROLE[rule.carried_by]
    in_own_role = assignee.role in roles or (assignee.team is not None and assignee.team.team_type in team_types)
    return not in_own_role


_REASSIGNED_FIELDS = ("assignee_id", "team_id")


def deadlines_reassign(*, actor: Any, child: Person, practitioner: Practitioner, reason: str = "") -> list[Deadline]:
    """The child's work is allocated to `practitioner`: every open clock of it moves to them and their team, whoever
    carried it (`moves_with_the_childs_work` says which stay). A step of the allocation service, which asked the
    manager's permission and holds the transaction; each clock moved is audited with who carried it before, the
    allocation's reason given. Returns the clocks moved, soonest due first."""
    with transaction.atomic():
        clocks = list(
            Deadline.objects.select_for_update(of=("self",))
            .filter(child=child, met_on__isnull=True)
            .order_by("due_on", "id")
        )
        carried_by = {d.assignee_id for d in clocks if d.assignee_id is not None}
        carriers = {
            p.pk: p for p in Practitioner.objects.filter(pk__in=carried_by).select_related("organisation", "team")
        }
        moving = [
            d
            for d in clocks
            if (d.assignee_id, d.team_id) != (practitioner.pk, practitioner.team_id)
            and moves_with_the_childs_work(d.rule, carriers.get(d.assignee_id) if d.assignee_id else None)
        ]
        if not moving:
            return []
        before = {d.pk: auditor.model_values(d, _REASSIGNED_FIELDS) for d in moving}
        Deadline.objects.filter(pk__in=[d.pk for d in moving]).update(
            assignee=practitioner, team=practitioner.team, updated_at=timezone.now()
        )
        for deadline in moving:
            deadline.assignee, deadline.team = practitioner, practitioner.team
            auditor.audit_event_record(
                actor=actor,
                action=AuditAction.UPDATED,
                object_type="timescales.deadline",
                object_id=deadline.pk,
                child_id=child.pk,
                reason=reason.strip()[:200],
                changed_fields=("assignee", "team"),
                before=before[deadline.pk],
                after=auditor.model_values(deadline, _REASSIGNED_FIELDS),
            )
    return moving


# -- notifications ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NotifyResult:
    notifications: int
    emails: int


def _manager_of(deadline: Deadline) -> Practitioner | None:
    team = deadline.team or (deadline.assignee.team if deadline.assignee else None)
    return team.manager if team is not None else None


def deadlines_notify(*, today: date, due_soon_working_days: int = DUE_SOON_WORKING_DAYS) -> NotifyResult:
    """In-app notifications for open deadlines due within `due_soon_working_days` working days (to the assignee)
    and overdue ones (to the assignee and their team's manager), each sent once; then one email per practitioner
    listing what is new for them. Emails name deadline ids and rules, never a child."""
    soon = CALENDAR.add_working_days(today, due_soon_working_days)
    due = Deadline.objects.filter(met_on__isnull=True, due_on__lte=soon)
    wanted: dict[tuple[int, int, str], Deadline] = {}
    for deadline in due.select_related("assignee__team__manager", "team__manager").order_by("due_on", "id"):
        overdue = deadline.due_on < today
        if deadline.assignee_id is not None:
            kind = NotificationKind.OVERDUE if overdue else NotificationKind.DUE_SOON
            wanted[(deadline.assignee_id, deadline.pk, kind)] = deadline
        manager = _manager_of(deadline) if overdue else None
        if manager is not None and manager.pk != deadline.assignee_id:
            wanted[(manager.pk, deadline.pk, NotificationKind.OVERDUE_IN_TEAM)] = deadline
    existing = set(
        Notification.objects.filter(deadline__in=due.values("id")).values_list("recipient_id", "deadline_id", "kind")
    )
    now = timezone.now()
    new = [
        Notification(recipient_id=recipient, deadline_id=deadline_id, kind=kind, created_at=now)
        for (recipient, deadline_id, kind) in wanted
        if (recipient, deadline_id, kind) not in existing
    ]
    with transaction.atomic():
        Notification.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    return NotifyResult(notifications=len(new), emails=notifications_email(now=now))


def notifications_email(*, now: datetime) -> int:
    """Email each practitioner the notifications not yet emailed to them (one message each). Returns how many
    emails were sent. A failed send leaves its notifications to be emailed on the next run."""
    pending = (
        Notification.objects.filter(emailed_at__isnull=True)
        .select_related("recipient__user", "deadline")
        .order_by("recipient_id", "deadline__due_on", "id")
    )
    by_recipient: dict[int, list[Notification]] = defaultdict(list)
    for notification in pending:
        by_recipient[notification.recipient_id].append(notification)
    sent = 0
    with mail.get_connection() as connection:
        for notifications in by_recipient.values():
            recipient = notifications[0].recipient
            address = recipient.email or (recipient.user.email if recipient.user else "")
            if not address:
                continue
            message = mail.EmailMessage(
                subject=_email_subject(notifications),
                body=_email_body(notifications, now),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[address],
                connection=connection,
            )
            message.send()
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
            sent += 1
    return sent


def _email_subject(notifications: list[Notification]) -> str:
    count = len(notifications)
    return f"JoinedUp: {count} deadline{'s' if count != 1 else ''} need{'s' if count == 1 else ''} attention"


def _email_body(notifications: list[Notification], now: datetime) -> str:
    """Deadline ids, rule names and dates only: never a child's name or any other personal detail."""
    lines = ["These deadlines need attention. Sign in to JoinedUp and open My work to see them.", ""]
    for n in notifications:
        deadline = n.deadline
        lines.append(
            f"- Deadline {deadline.pk}: {deadline.rule.what} ({deadline.rule_code}), "
            f"due {deadline.due_on:%d %B %Y} - {NotificationKind(n.kind).label.lower()}"
        )
    lines += ["", f"Sent {timezone.localtime(now):%d %B %Y %H:%M}. You are sent each notice once."]
    return "\n".join(lines)
