from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "joinedup.sharing"
    label = "sharing"
    verbose_name = "Sharing and professional challenge"

    def ready(self) -> None:
        from . import chronology

        chronology.register()
