from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "joinedup.episodes"
    label = "episodes"
    verbose_name = "Episodes of need"
