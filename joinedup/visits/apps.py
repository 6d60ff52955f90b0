from django.apps import AppConfig


class VisitsConfig(AppConfig):
    """One visit (issue 18): a visit or other direct contact with children, recorded once with an answer per child
    present, meeting every statutory visiting clock it satisfies (each app's own, declared in its ``visits.py``:
    joinedup/core/visits.py). Named so as not to clash with the front door's contact. See ADR 0023."""

    name = "joinedup.visits"
    label = "visits"
    verbose_name = "Visits"
