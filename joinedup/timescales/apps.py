from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "joinedup.timescales"
    label = "timescales"
    verbose_name = "Statutory timescales"

    def ready(self) -> None:
        # Every app's work.py (WORK_SOURCES) for My work and the home page: read once, when every model is loaded
        # (imported here because the reader's audit events need the audit models).
        from . import work_reader

        work_reader.discover()
