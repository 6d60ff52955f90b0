from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    name = "joinedup.synthetic"
    label = "synthetic"
    verbose_name = "Synthetic local authority"
