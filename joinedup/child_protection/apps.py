from django.apps import AppConfig


class ChildProtectionConfig(AppConfig):
    name = "joinedup.child_protection"
    label = "child_protection"
    verbose_name = "Multi-agency child protection"
