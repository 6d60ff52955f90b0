from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """A person's record as practitioners work with it: finding people, adding and changing a child, the family
    network, merging duplicates, the child's record page and its navigation. The people themselves (models,
    matching) live one layer down in `people/`, so that `access/` can decide who sees them."""

    name = "joinedup.records"
    label = "records"
    verbose_name = "The child's record"
