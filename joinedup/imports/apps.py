from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "joinedup.imports"
    label = "imports"
    verbose_name = "History brought in from another system"
