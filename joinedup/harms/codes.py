"""Fixed vocabularies about harm that are not part of the taxonomy file (stable stored values)."""

from django.db import models


class HarmGroup(models.TextChoices):
    """The taxonomy's groups (data/taxonomy.toml [[groups]]; a test keeps the two in step)."""

    ABUSE_AND_NEGLECT = "abuse_and_neglect", "Abuse and neglect"
    FAMILY_AND_RELATIONSHIPS = "family_and_relationships", "Harm in families and relationships"
    EXTRA_FAMILIAL = "extra_familial", "Extra-familial harm (outside the family home)"


class ExtraFamilialPerpetration(models.TextChoices):
    """Who perpetrated or facilitated extra-familial harm (M6: "perpetrated or facilitated by individuals or
    groups")."""

    INDIVIDUAL = "individual", "An individual"
    GROUP = "group", "A group or network of people"
    INDIVIDUALS_AND_GROUPS = "individuals_and_groups", "Both individuals and groups"
    NOT_KNOWN = "not_known", "Not known yet"
