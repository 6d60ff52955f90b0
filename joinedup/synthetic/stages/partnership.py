"""The synthetic authority's safeguarding partnership (issue 22): a finding of the independent scrutiny in each of
the last two collection years, with the partnership's response, so the yearly report's Scrutiny section has
something to say. Synthetic words only.

Written directly, without services or audit events, like the rest of the generator (ADR 0006)."""

from __future__ import annotations

from datetime import date, timedelta

from joinedup.partnership.models import ScrutinyFinding
from joinedup.synthetic.builders import GenerationContext

FINDINGS = [
    (
        "Health practitioners were not at every strategy discussion sampled",
        "Strategy discussions are now arranged by the front door with the named nurse's team, who join by phone",
    ),
    (
        "Partners' reports to initial child protection conferences often arrived on the day",
        "Agencies are reminded five working days before each conference; the business unit follows up the day before",
    ),
]


def stage_partnership(ctx: GenerationContext) -> None:
    lead = ctx.demo_practitioners["partnership.lead"].user
    latest = ctx.as_of.year + (1 if ctx.as_of.month >= 4 else 0)
    findings = []
    for back, (finding, response) in enumerate(FINDINGS):
        year = latest - back
        found_on = min(date(year, 2, 1), ctx.as_of - timedelta(days=30))
        findings.append(
            ScrutinyFinding(
                found_on=found_on,
                scrutineer="The partnership's independent scrutineer",
                finding=finding,
                response=response,
                responded_on=found_on + timedelta(days=21),
                recorded_by=lead,
            )
        )
    ScrutinyFinding.objects.bulk_create(findings)
    ctx.counts["scrutiny_findings"] = len(findings)
