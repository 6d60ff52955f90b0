from django.apps import AppConfig


class UIConfig(AppConfig):
    name = "joinedup.ui"
    label = "ui"
    verbose_name = "User interface"
