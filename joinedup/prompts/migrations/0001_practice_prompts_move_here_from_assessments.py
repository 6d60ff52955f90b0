"""The practice prompt model moves from the assessments app to this one (ADR 0024), keeping its table and every row:
only Django's record of which app owns it changes here. The table is renamed in 0002, once the answers in the
assessments and family help apps point here."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("assessments", "0005_carers_named_with_their_views")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PracticePrompt",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("moment", models.CharField(choices=[("assessment", "Assessment"), ("family_plan", "Family plan")], max_length=16)),
                        ("applies_to", models.CharField(choices=[("all", "Every child"), ("older_children", "Older children (10 and over)"), ("babies", "Babies under one and unborn children")], default="all", max_length=16)),
                        ("question", models.CharField(max_length=300)),
                        ("guidance", models.TextField(blank=True)),
                        ("display_order", models.PositiveSmallIntegerField(default=0)),
                        ("is_active", models.BooleanField(default=True)),
                    ],
                    options={"ordering": ["moment", "display_order", "id"], "db_table": "assessments_practiceprompt"},
                )
            ],
            database_operations=[],
        )
    ]
