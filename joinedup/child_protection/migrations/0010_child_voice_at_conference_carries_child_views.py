# The conference that starts or reviews a child protection plan records the child's voice through the shared fields
# (joinedup/core/voice.py; issue 18): the child's views already recorded are carried across as their words, so
# nothing recorded is lost, before the old field goes.

from django.db import migrations, models
from django.db.models import F


def views_become_words(apps, schema_editor):
    Conference = apps.get_model("child_protection", "Conference")
    Conference.objects.exclude(child_views="").update(child_voice_words=F("child_views"))


def words_become_views(apps, schema_editor):
    Conference = apps.get_model("child_protection", "Conference")
    Conference.objects.exclude(child_voice_words="").update(child_views=F("child_voice_words"))


class Migration(migrations.Migration):

    dependencies = [
        ('child_protection', '0009_child_voice_at_strategy_discussion_and_section_47_outcome'),
    ]

    operations = [
        migrations.AddField(
            model_name='conference',
            name='child_voice_not_obtained',
            field=models.CharField(blank=True, choices=[('too_young', 'Too young to share their wishes and feelings'), ('cannot_communicate', 'Not able to communicate them, even with support'), ('declined', 'Declined to share them'), ('not_yet_seen', 'Not yet seen')], help_text="Why the child's wishes and feelings could not be obtained", max_length=24),
        ),
        migrations.AddField(
            model_name='conference',
            name='child_voice_not_obtained_detail',
            field=models.TextField(blank=True, help_text='What was tried, and what happens next'),
        ),
        migrations.AddField(
            model_name='conference',
            name='child_voice_words',
            field=models.TextField(blank=True, help_text="The child's wishes and feelings, in their own words"),
        ),
        migrations.RunPython(views_become_words, words_become_views),
        migrations.RemoveField(
            model_name='conference',
            name='child_views',
        ),
        migrations.AlterField(
            model_name='conference',
            name='child_views_how',
            field=models.TextField(blank=True, help_text="How the child's wishes and feelings were gathered"),
        ),
    ]
