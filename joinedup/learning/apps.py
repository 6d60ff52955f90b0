from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "joinedup.learning"
    label = "learning"
    verbose_name = "Learning from serious incidents"
