"""The safeguarding partners' yearly report (M31, issue 22 item 5): the figures for the year ending 31 March, read
from the record by the selectors the pages use (insight's dashboards and disproportionality, the deadlines'
timeliness, the learning app's summary, this app's actions and scrutiny findings), never recomputed here.

Every figure names the page it comes from (`url`), so the HTML report links each back, and the PDF too. Aggregates
only: the whole report reads a fixed number of queries, whatever the number of children."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from markupsafe import Markup

from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import field_error
from joinedup.core.pdf import html_to_pdf
from joinedup.insight import charts, population
from joinedup.insight import selectors as insight

from .learning import LearningSection, learning_section
from .models import InequalityAction, ReportStatus, ScrutinyFinding, YearlyReport
from .selectors import ACTION_TYPE, FINDING_TYPE, inequality_actions_for_year, insight_url, require_partnership


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    about: str


# The report's sections, in this order (ARCHITECTURE.md's contract for `partnership_report`).
SECTIONS = [
    Section("activity", "Activity", "How many children reached each stage, and who made the contacts."),
    Section("timeliness", "Timeliness", "How often each statutory clock was met on time."),
    Section(
        "impact",
        "Impact",
        "Whether help made a lasting difference: re-referrals, repeat and long plans, "
        "stability for children in care, care leavers in touch and in education, employment or training.",
    ),
    Section("learning", "Learning", "Serious incidents, rapid reviews, local reviews and the learning actions."),
    Section(
        "inequalities",
        "Inequalities",
        "Where children of some groups reach a stage more often than others, "
        "and what the partnership is doing about it.",
    ),
    Section("scrutiny", "Scrutiny", "What the independent scrutiny found, and the partnership's response."),
]


@dataclass(frozen=True)
class StageActivity:
    label: str
    children: int
    url: str


@dataclass(frozen=True)
class Difference:
    """A group whose relative rate index at a stage has a 95% interval wholly above (or below) 1."""

    characteristic: str
    stage: str
    group: str
    reference: str
    rate: float | None
    index: float | None
    low: float | None
    high: float | None
    url: str

    @property
    def higher(self) -> bool:
        return self.low is not None and self.low > 1


@dataclass
class YearlyReportData:
    year: int
    period: insight.Period
    threshold: int
    activity: list[StageActivity]
    contacts: insight.Measure
    contributions: insight.Measure | None
    timeliness: insight.Measure
    impact: list[insight.Measure]
    learning: LearningSection
    differences: list[Difference]
    actions: list[InequalityAction]
    findings: list[ScrutinyFinding]
    charts: dict[str, Markup] = field(default_factory=dict)
    dashboard_url: str = ""
    actions_url: str = ""
    scrutiny_url: str = ""

    @property
    def measure_urls(self) -> dict[str, str]:
        return {m.key: f"{self.dashboard_url}#{m.key}" for m in [self.contacts, self.timeliness, *self.impact]}


def report_years(today: dt.date) -> list[insight.Period]:
    """The collection years a report can be made for: those the insight pages offer (the latest five)."""
    return [p for p in insight.periods(today) if p.key != "12m"]


def period_of(year: int, today: dt.date) -> insight.Period:
    for p in report_years(today):
        if p.key == str(year):
            return p
    raise field_error("year", "Choose a year from the list", "unknown_year")


def _dashboard_url(period: insight.Period) -> str:
    return reverse("insight:dashboards") + "?" + urlencode({"period": period.key})


def _disproportionality_url(period: insight.Period, **choices: str) -> str:
    return reverse("insight:disproportionality") + "?" + urlencode({**choices, "period": period.key})


def _differences(period: insight.Period, today: dt.date) -> tuple[list[StageActivity], list[Difference]]:
    """Every characteristic's figures for the year (the disproportionality page's calculation): the stage totals
    (from the first), and each group whose index's interval lies wholly above or below 1 at a stage."""
    activity: list[StageActivity] = []
    differences: list[Difference] = []
    for key, char in population.characteristics().items():
        result = insight.disproportionality_figures(today=today, period_key=period.key, characteristic=key)
        if not activity:
            activity = [
                StageActivity(s.label, s.total, _disproportionality_url(period, stage=s.stage)) for s in result.stages
            ]
        for s in result.stages:
            for g in s.groups:
                if g.is_reference or g.low is None or g.high is None or (g.low <= 1 <= g.high):
                    continue
                url = _disproportionality_url(period, characteristic=key, stage=s.stage, reference=result.reference)
                differences.append(
                    Difference(char.label, s.label, g.group, result.reference, g.rate, g.index, g.low, g.high, url)
                )
    return activity, differences


def yearly_report_figures(*, year: int, today: dt.date) -> YearlyReportData:
    """The report's figures for the year ending 31 March `year`. The caller has asked the permission (the report's
    pages: MANAGE_PARTNERSHIP_REPORT; the command is run by the operator) and audits what it shows."""
    period = period_of(year, today)
    activity, differences = _differences(period, today)
    impact = [insight.re_referrals(period, None)]
    contributions = None
    if apps.is_installed("joinedup.child_protection"):
        impact.extend(insight.child_protection_measures(period, None))
        contributions = insight.partner_contributions(period, None)
    impact.extend([insight.placement_stability(period, None), insight.care_leavers(period, None)])
    data = YearlyReportData(
        year=year,
        period=period,
        threshold=population.suppress_below(),
        activity=activity,
        contacts=insight.contacts_by_agency(period, None),
        contributions=contributions,
        timeliness=insight.timeliness(period, None, today),
        impact=impact,
        learning=learning_section(start=period.start, end=period.end),
        differences=differences,
        actions=inequality_actions_for_year(start=period.start, end=period.end),
        findings=list(ScrutinyFinding.objects.filter(found_on__range=(period.start, period.end))),
        dashboard_url=_dashboard_url(period),
        actions_url=reverse("partnership:inequality_actions"),
        scrutiny_url=reverse("partnership:scrutiny_findings"),
    )
    data.charts = {
        "activity": charts.bar_chart(
            "chart-activity",
            f"Children at each stage, {period.label}",
            "Children who reached each stage in the year (contacts, referrals and assessments started; episodes, "
            "plans and care open at any time in it).",
            [charts.Bar(a.label, a.children, f"{a.children:,}") for a in activity],
        ),
        "timeliness": charts.bar_chart(
            "chart-timeliness",
            f"Statutory clocks met on time, {period.label}",
            "Of the clocks due in the year, the percentage met on or before the due date.",
            [charts.Bar(r.label, r.percent, r.figure) for r in data.timeliness.rows],
            maximum=100,
        ),
        "contacts": charts.bar_chart(
            "chart-contacts",
            f"Contacts by who made them, {period.label}",
            "The percentage of the year's contacts each agency, or person, made.",
            [charts.Bar(r.label, r.percent, r.figure) for r in data.contacts.rows],
            maximum=100,
        ),
    }
    return data


def report_for(year: int) -> YearlyReport | None:
    return YearlyReport.objects.filter(year=year).first()


def is_published(report: YearlyReport | None) -> bool:
    return report is not None and report.status == ReportStatus.PUBLISHED


def action_url(action: InequalityAction) -> str:
    return reverse("partnership:inequality_action", args=[action.pk])


def figures_url(action: InequalityAction) -> str:
    return insight_url(action)


def context(data: YearlyReportData, report: YearlyReport | None, *, absolute: str = "") -> dict[str, Any]:
    """What the report's body template reads: the figures, the narrative, and the links made absolute for a PDF
    (`absolute`, the site's address) so a reader of the file can follow them."""
    return {
        "d": data,
        "sections": SECTIONS,
        "narrative": dict(report.narrative) if report is not None else {},
        "base": absolute.rstrip("/"),
        "action_url": action_url,
        "figures_url": figures_url,
    }


REPORT_TYPE = "partnership.yearlyreport"


@dataclass
class ReportRead:
    year: int
    period: insight.Period
    report: YearlyReport | None
    data: YearlyReportData | None  # None once published: the frozen report is shown

    @property
    def published(self) -> bool:
        return is_published(self.report)


def yearly_report(*, actor: Any, year: int, today: dt.date, exported: bool = False) -> ReportRead:
    """The year's report for the partnership: the frozen report once published, otherwise the figures read now and
    the narrative so far. Audited: the report viewed (or exported), and the actions and findings it lists."""
    require_partnership(actor)
    return report_read(actor=actor, year=year, today=today, exported=exported)


def report_read(*, actor: Any, year: int, today: dt.date, exported: bool = False) -> ReportRead:
    """`yearly_report` for a caller that has asked its own permission (the command, run by the operator, as its
    named system actor)."""
    period = period_of(year, today)
    report = report_for(year)
    data = None if is_published(report) else yearly_report_figures(year=year, today=today)
    events = [
        auditor.EventSpec(AuditAction.EXPORTED if exported else AuditAction.VIEWED, REPORT_TYPE, year),
    ]
    if data is not None:
        events += [auditor.EventSpec(AuditAction.LISTED, ACTION_TYPE, a.pk) for a in data.actions]
        events += [auditor.EventSpec(AuditAction.LISTED, FINDING_TYPE, f.pk) for f in data.findings]
    with transaction.atomic():
        auditor.audit_events_record(actor=actor, events=events)
    return ReportRead(year, period, report, data)


def reports(*, actor: Any, today: dt.date) -> list[tuple[insight.Period, YearlyReport | None]]:
    """The years a report can be made for, each with its report (draft or published) if one was started."""
    require_partnership(actor)
    years = report_years(today)
    made = {r.year: r for r in YearlyReport.objects.filter(year__in=[int(p.key) for p in years])}
    return [(p, made.get(int(p.key))) for p in years]


def body_html(read: ReportRead, *, editable: bool, publishing: bool = False) -> Markup:
    """The report's body: the frozen one once published; otherwise rendered from the figures read now, with links
    to add narrative when `editable`, and as it will be frozen when `publishing`."""
    if read.report is not None and read.published:
        return Markup(read.report.published_html)  # noqa: S704 - this template's own output, frozen when published
    assert read.data is not None
    return Markup(  # noqa: S704 - rendered by this app's own template, which escapes what it shows
        render_to_string(
            "partnership/_report_body.html",
            {**context(read.data, read.report), "editable": editable, "published": publishing},
        )
    )


def title_of(read: ReportRead) -> str:
    return f"Safeguarding partners' yearly report, {read.period.label}"


def report_pdf(read: ReportRead, *, base_url: str) -> bytes:
    """The report as a tagged PDF (PDF/UA): the same body as the page, its links made absolute against `base_url`."""
    document = render_to_string(
        "partnership/report_pdf.html",
        {
            "r": read,
            "title": title_of(read),
            "body": body_html(read, editable=False),
            "generated_at": timezone.localtime(),
        },
    )
    return html_to_pdf(document, title=title_of(read), base_url=base_url)
