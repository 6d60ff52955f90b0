"""Indexes for person matching: people with an exact pair of name keys, either way round, in id order, so a
search stops reading once it has enough of a common name."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_trigram_name_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["family_name_key", "given_name_key", "id"], name="person_family_given_key_idx"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["given_name_key", "family_name_key", "id"], name="person_given_family_key_idx"),
        ),
    ]
