from django.apps import AppConfig


class ChildrenInCareConfig(AppConfig):
    name = "joinedup.children_in_care"
    label = "children_in_care"
    verbose_name = "Children in care"
