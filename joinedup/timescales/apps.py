from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "joinedup.timescales"
    label = "timescales"
    verbose_name = "Statutory timescales"
