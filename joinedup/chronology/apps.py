from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    """The multi-agency chronology and the case summary (M25): every app's significant events gathered into one
    timeline per child, and the summary a new worker reads first. It reads what the domain apps declare in their own
    ``chronology.py`` (joinedup/core/chronology.py, joinedup/core/summary.py) and owns no table: the practitioners'
    marks and analysis are the case record's."""

    name = "joinedup.chronology"
    label = "chronology"
    verbose_name = "Chronology and case summary"

    def ready(self) -> None:
        from . import registry

        registry.discover()
