"""The family plan's prompt answers point at the practice prompt in its new app (ADR 0024). The table and its
foreign key are unchanged: only Django's record of the model moves."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("family_help", "0003_family_plan_voice_per_child"),
        ("prompts", "0001_practice_prompts_move_here_from_assessments"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="familyplanpromptanswer",
                    name="prompt",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="plan_answers",
                        to="prompts.practiceprompt",
                    ),
                )
            ],
            database_operations=[],
        )
    ]
