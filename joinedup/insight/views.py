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
    index_chart = charts.bar_chart(
        "index-chart",
        f"{chosen.label}: relative rate index against {result.reference}",
        "1 means the same rate as the reference group; 2 twice the rate.",
        [charts.Bar(g.group, g.index, "–" if g.index is None else f"{g.index}") for g in chosen.groups],
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
            "threshold": population.suppress_below(),
            "child_population": population.child_population(),
            "query": request.GET.urlencode(),
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
            [charts.Bar(r.label, r.percent, "no figure" if r.percent is None else f"{r.percent}%") for r in m.rows],
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
            "periods": selectors.periods(today),
            "teams": selectors.teams(),
            "errors": errors,
            "query": request.GET.urlencode(),
        },
    )
