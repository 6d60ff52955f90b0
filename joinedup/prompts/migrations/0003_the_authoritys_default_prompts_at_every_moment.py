"""The authority's default practice prompts at the front door's decision, the strategy discussion, the conference, the
visit and the return home interview, in plain words drawing on Working Together to Safeguard Children (2026): the
child first, adultification, fathers and male carers, disabled children, babies, harm outside the home. Each is asked
of the children of its group (joinedup/prompts/targeting.py). They are asked but need not be answered to save the
form: the authority makes any of them required on the practice prompts page. The words are in
joinedup/prompts/seed.py, which the synthetic generator loads too; a prompt already held with the same words is left
as it is."""

from typing import Any

from django.db import migrations

from joinedup.prompts.seed import DEFAULT_PROMPTS


def add_prompts(apps: Any, schema_editor: Any) -> None:
    PracticePrompt = apps.get_model("prompts", "PracticePrompt")
    for order, (moment, applies_to, question, guidance) in enumerate(DEFAULT_PROMPTS, start=1):
        PracticePrompt.objects.get_or_create(
            moment=moment,
            question=question,
            defaults={"applies_to": applies_to, "guidance": guidance, "display_order": order, "is_required": False},
        )


class Migration(migrations.Migration):
    dependencies = [("prompts", "0002_answers_at_every_moment_and_required_prompts")]
    operations = [migrations.RunPython(add_prompts, migrations.RunPython.noop)]
