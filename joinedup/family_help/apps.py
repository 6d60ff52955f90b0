from django.apps import AppConfig


class FamilyHelpConfig(AppConfig):
    name = "joinedup.family_help"
    label = "family_help"
    verbose_name = "Family Help"

    def ready(self) -> None:
        # Inside ready(): models may be imported only once the app registry is ready.
        from joinedup.episodes.selectors import register_open_work

        from .models import FamilyHelpCase

        # An open Family Help case keeps its episode of need open (episodes/selectors.py).
        register_open_work(
            "family_help", lambda episode_id: FamilyHelpCase.objects.filter(case_episode_id=episode_id, closed_on=None)
        )
