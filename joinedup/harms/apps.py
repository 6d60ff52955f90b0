from django.apps import AppConfig


class HarmsConfig(AppConfig):
    name = "joinedup.harms"
    label = "harms"
    verbose_name = "Harm taxonomy and risk indicators"
