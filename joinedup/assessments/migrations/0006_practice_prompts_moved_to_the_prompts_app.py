"""The practice prompt model has moved to the prompts app (ADR 0024): the assessment's answers point at it there,
and this app no longer owns it. Nothing in the database changes here; every prompt and answer is kept."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_carers_named_with_their_views"),
        ("prompts", "0001_practice_prompts_move_here_from_assessments"),
        ("family_help", "0004_plan_prompt_answers_point_at_the_prompts_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="assessmentpromptanswer",
                    name="prompt",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assessment_answers",
                        to="prompts.practiceprompt",
                    ),
                ),
                migrations.DeleteModel(name="PracticePrompt"),
            ],
            database_operations=[],
        )
    ]
