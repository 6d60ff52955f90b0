from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "joinedup.partnership"
    label = "partnership"
    verbose_name = "The safeguarding partnership: actions on inequalities, scrutiny and the yearly report"
