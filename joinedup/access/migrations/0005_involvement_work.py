from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("access", "0004_involvement_indexes_cover_child")]

    operations = [
        migrations.AddField(
            model_name="involvement",
            name="work",
            field=models.CharField(
                blank=True,
                choices=[("child_protection", "Child protection")],
                default="",
                help_text="The work that gave this involvement and ends it with itself; blank for an involvement held "
                "for its own sake (an allocation, a lead practitioner, a school)",
                max_length=30,
            ),
        ),
    ]
