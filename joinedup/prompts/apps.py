from django.apps import AppConfig


class PromptsConfig(AppConfig):
    name = "joinedup.prompts"
    label = "prompts"
    verbose_name = "Practice prompts"
