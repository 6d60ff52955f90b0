from django.apps import AppConfig


class FrontDoorConfig(AppConfig):
    name = "joinedup.front_door"
    label = "front_door"
    verbose_name = "The front door (MASH)"
