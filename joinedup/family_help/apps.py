from django.apps import AppConfig


class FamilyHelpConfig(AppConfig):
    name = "joinedup.family_help"
    label = "family_help"
    verbose_name = "Family Help"
