from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "joinedup.insight"
    label = "insight"
    verbose_name = "Insight: disproportionality and dashboards"
