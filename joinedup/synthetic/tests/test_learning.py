"""The synthetic authority's learning from serious incidents (issue 22): an incident and a rapid review in each of
the last three collection years, their clocks as the services make them. (The same seed makes the same authority:
test_generator.py; this stage draws from a stream of its own, seeded by the seed.)"""

from __future__ import annotations

from datetime import date

import pytest

from joinedup.learning.models import LearningAction, RapidReview, SeriousIncident
from joinedup.learning.selectors import learning_summary
from joinedup.synthetic.generator import generate
from joinedup.synthetic.stages.learning import _collection_years
from joinedup.timescales.models import Deadline
from joinedup.timescales.selectors import local_figures
from joinedup.timescales.services import deadline_build

AS_OF = date(2026, 11, 20)


@pytest.mark.django_db
def test_an_incident_and_a_rapid_review_every_year_with_the_services_clocks() -> None:
    generate(seed=3, children=120, as_of=AS_OF)
    years = _collection_years(AS_OF)
    assert years[-1] == (date(2026, 4, 1), date(2027, 3, 31))
    for start, end in years:
        assert SeriousIncident.objects.filter(became_aware_on__range=(start, end)).exists(), start
    for start, end in years[:-1]:  # the current year's is recent: its rapid review is still to come
        assert RapidReview.objects.filter(incident__became_aware_on__range=(start, end)).exists(), start
        summary = learning_summary(start=start, end=end)
        assert summary.incidents_notified == 1 and summary.rapid_reviews_completed == 1
    assert LearningAction.objects.filter(completed_on__isnull=False).exclude(evidence="").exists()
    current = SeriousIncident.objects.get(became_aware_on__gte=years[-1][0])
    assert current.notified_on is None
    figures = local_figures()
    clocks = Deadline.objects.filter(rule_code__in=("serious_incident_notification", "rapid_review"))
    assert clocks.count() == 2 * len(years)
    for clock in clocks:
        rebuilt = deadline_build(
            rule_code=clock.rule_code, child_id=clock.child_id, subject_key=clock.subject_key,
            started_on=clock.started_on, figures=figures,
        )  # fmt: skip
        assert rebuilt.due_on == clock.due_on
