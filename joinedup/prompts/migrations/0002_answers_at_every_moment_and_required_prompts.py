"""Prompts at every moment that matters (ADR 0024): the moments and groups widen, a prompt says whether it must be
answered (the prompts already held must, as before), every answer at the new moments is kept in one table, and the
prompts' table, moved here in 0001, takes this app's name."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD_MOMENTS = ["assessment", "family_plan"]
OLD_GROUPS = ["all", "older_children", "babies"]


def fit_the_old_table(apps, schema_editor):
    """Going back only: the old table knows two moments and three groups, in 16 characters. A prompt at a new moment
    goes, with its answers (their table goes too); a prompt at the assessment or the family plan for a new group is
    kept, with its answers, for every child."""
    PracticePrompt = apps.get_model("prompts", "PracticePrompt")
    at_new_moments = PracticePrompt.objects.exclude(moment__in=OLD_MOMENTS)
    apps.get_model("prompts", "PromptAnswer").objects.filter(prompt__in=at_new_moments).delete()
    at_new_moments.delete()
    PracticePrompt.objects.exclude(applies_to__in=OLD_GROUPS).update(applies_to="all")
    if schema_editor.connection.vendor == "postgresql":
        # the deletes' deferred foreign key checks run now, or PostgreSQL refuses to alter the table after them
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0006_previous_abuse_or_neglect_recorded_with_reason'),
        ('prompts', '0001_practice_prompts_move_here_from_assessments'),
        ('assessments', '0006_practice_prompts_moved_to_the_prompts_app'),
        ('family_help', '0004_plan_prompt_answers_point_at_the_prompts_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='practiceprompt',
            name='is_required',
            field=models.BooleanField(default=True, help_text='Must be answered before the form is saved'),
        ),
        migrations.AlterField(
            model_name='practiceprompt',
            name='applies_to',
            field=models.CharField(choices=[('all', 'Every child'), ('babies', 'Babies under one and unborn children'), ('older_children', 'Older children (10 and over)'), ('disabled_children', 'Disabled children'), ('black_mixed_heritage', 'Black and mixed-heritage children (adultification)'), ('black_mixed_heritage_older', 'Black and mixed-heritage children aged 10 and over (adultification)'), ('young_parent', 'Children of a young parent (under 21, or a care leaver)'), ('father_not_engaged', 'A father or male carer not yet engaged in the work'), ('lgbtqia_parent', 'Children of an LGBTQIA parent, where the parent has shared it')], default='all', max_length=32),
        ),
        migrations.AlterField(
            model_name='practiceprompt',
            name='moment',
            field=models.CharField(choices=[('contact_decision', 'Front door decision'), ('strategy_discussion', 'Strategy discussion'), ('assessment', 'Assessment'), ('conference', 'Child protection conference (initial and review)'), ('family_plan', 'Family plan'), ('visit', 'Visit'), ('return_home_interview', 'Return home interview')], max_length=32),
        ),
        migrations.AlterModelTable(
            name='practiceprompt',
            table=None,
        ),
        migrations.CreateModel(
            name='PromptAnswer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('moment', models.CharField(choices=[('contact_decision', 'Front door decision'), ('strategy_discussion', 'Strategy discussion'), ('assessment', 'Assessment'), ('conference', 'Child protection conference (initial and review)'), ('family_plan', 'Family plan'), ('visit', 'Visit'), ('return_home_interview', 'Return home interview')], max_length=32)),
                ('record_type', models.CharField(help_text='The record answered on, as app_label.model', max_length=100)),
                ('record_id', models.BigIntegerField()),
                ('question_asked', models.CharField(help_text="The prompt's words when it was answered", max_length=300)),
                ('answer', models.TextField()),
                ('answered_at', models.DateTimeField()),
                ('answered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('child', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='prompt_answers', to='people.person')),
                ('prompt', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='answers', to='prompts.practiceprompt')),
            ],
            options={
                'ordering': ['prompt__display_order', 'prompt_id', 'id'],
                'indexes': [models.Index(fields=['record_type', 'record_id'], name='prompt_answer_record')],
                'constraints': [models.UniqueConstraint(fields=('record_type', 'record_id', 'prompt', 'child'), name='one_answer_per_record_prompt_child')],
            },
        ),
        # Last, so that going back it runs first, while the answers' table is there to empty.
        migrations.RunPython(migrations.RunPython.noop, fit_the_old_table),
    ]
