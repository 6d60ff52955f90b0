"""Thin HTML views for insight: the disproportionality page and the dashboards, each with CSV downloads."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission

from . import charts, population, selectors


def _filters(request: HttpRequest) -> dict[str, Any]:
    return {"period_key": request.GET.get("period") or None, "team_id": request.GET.get("team") or None}


def _errors(exc: ValidationError) -> list[dict[str, str]]:
    return [{"text": m, "href": f"#{field}"} for field, messages in exc.message_dict.items() for m in messages]


def _csv(name: str, head: list[str], rows: list[list[Any]]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(head)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _blank(value: Any) -> Any:
    return "" if value is None else value


def index_text(g: selectors.GroupFigure, threshold: int) -> str:
    """A group's relative rate index in words, as the chart and the table give it: "2.48 (1.25 to 4.9)", "1.0
    (reference)", or "fewer than 5 children" for a suppressed group."""
    if g.is_reference and g.index is not None:
        return "1.0 (reference)"
    if g.suppressed:
        return f"fewer than {threshold} children"
    if g.index is None:
        return "no index"
    return f"{g.index} ({g.low} to {g.high})"


@login_required
def disproportionality(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    selectors.require_insight(request.user)
    chars = population.characteristics()
    choice: dict[str, Any] = {
        "characteristic": request.GET.get("characteristic") or "ethnicity",
        "stage": request.GET.get("stage") or "referral",
        "reference": request.GET.get("reference") or None,
    }
    errors: list[dict[str, str]] = []
    try:
        result = selectors.disproportionality(actor=request.user, today=today, **_filters(request), **choice)
    except ValidationError as exc:
        errors = _errors(exc)
        result = selectors.disproportionality(actor=request.user, today=today)
    if request.GET.get("format") == "csv":
        rows = [
            [s.label, g.group, g.population, "suppressed" if g.suppressed else g.count, _blank(g.rate),
             _blank(g.index), _blank(g.low), _blank(g.high)]
            for s in result.stages
            for g in s.groups
        ]  # fmt: skip
        index = f"Relative rate index (against {result.reference})"
        head = ["Stage", result.characteristic.label, "Child population", "Children", "Rate per 10,000", index,
                "95% interval low", "95% interval high"]  # fmt: skip
        return _csv(f"disproportionality-{result.characteristic.key}-{result.period.key}", head, rows)
    chosen = next(s for s in result.stages if s.stage == result.stage)
    threshold = population.suppress_below()
    chart = charts.bar_chart(
        "rates-chart",
        f"{chosen.label}: rate per 10,000 children by {result.characteristic.label.lower()}",
        f"{result.period.label}. Suppressed groups (fewer than {population.suppress_below()} children) have no bar.",
        [
            charts.Bar(
                g.group, g.rate, "fewer than " + str(population.suppress_below()) if g.suppressed else f"{g.rate}"
            )
            for g in chosen.groups
        ],
    )
    index_chart = charts.index_chart(
        "index-chart",
        f"{chosen.label}: relative rate index against {result.reference}, with 95% confidence intervals",
        f"1.0 means the same rate as {result.reference} children; 2 twice the rate. Each line is the index's 95% "
        "confidence interval.",
        [charts.Interval(g.group, g.index, g.low, g.high, index_text(g, threshold)) for g in chosen.groups],
        result.reference,
    )
    return render(
        request,
        "insight/disproportionality.html",
        {
            "r": result,
            "chosen": chosen,
            "chart": chart,
            "index_chart": index_chart,
            "characteristics": chars,
            "stages": selectors.stages(),
            "periods": selectors.periods(today),
            "teams": selectors.teams(),
            "errors": errors,
            "threshold": threshold,
            "index_text": index_text,
            "child_population": population.child_population(),
            "query": request.GET.urlencode(),
            # The partnership and analysts act on a finding (partnership/, issue 22): a link from each group's row.
            "can_act": has_permission(request.user, Permission.RECORD_INEQUALITY_ACTION),
        },
    )


@login_required
def dashboards(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    errors: list[dict[str, str]] = []
    try:
        result = selectors.dashboard(actor=request.user, today=today, **_filters(request))
    except ValidationError as exc:
        errors = _errors(exc)
        result = selectors.dashboard(actor=request.user, today=today)
    if request.GET.get("format") == "csv":
        wanted = request.GET.get("measure")
        rows = [
            [m.title, r.label, r.numerator, r.denominator, _blank(r.percent)]
            for m in result.measures
            if wanted in (None, "", m.key)
            for r in m.rows
        ]
        return _csv(
            f"dashboard-{wanted or 'all'}-{result.period.key}", ["Measure", "Row", "Count", "Of", "Percent"], rows
        )
    charts_by_key = {
        m.key: charts.bar_chart(
            f"chart-{m.key}",
            m.title,
            m.description,
            [charts.Bar(r.label, r.percent, r.figure) for r in m.rows],
            maximum=100,
        )
        for m in result.measures
    }
    return render(
        request,
        "insight/dashboards.html",
        {
            "d": result,
            "charts": charts_by_key,
            "threshold": population.suppress_below(),
            "periods": selectors.periods(today),
            "teams": selectors.teams(),
            "errors": errors,
            "query": request.GET.urlencode(),
        },
    )
