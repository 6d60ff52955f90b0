"""The involvement indexes the access scope reads (a worker's own children, a team's children) carry the child's
id, so deciding whether a child is visible reads the index alone rather than every involvement row of the team."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_involvement_roles_for_children_in_care"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="involvement", name="involvement_practitioner_idx"),
        migrations.RemoveIndex(model_name="involvement", name="involvement_team_idx"),
        migrations.AddIndex(
            model_name="involvement",
            index=models.Index(
                fields=["practitioner", "ended_on"], include=("child",), name="involvement_practitioner_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="involvement",
            index=models.Index(fields=["team", "ended_on"], include=("child",), name="involvement_team_idx"),
        ),
    ]
