from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "joinedup.people"
    label = "people"
    verbose_name = "People, families and households"

    def ready(self) -> None:
        # The greater-risk flags other apps' records show (their flags.py, joinedup/core/flags.py): read once, when
        # every app's models are loaded. Imported here, not at the top, as Django's app loading requires.
        from . import selectors

        selectors.discover_flag_sources()
