from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "joinedup.agencies"
    label = "agencies"
    verbose_name = "Agencies and practitioners"
