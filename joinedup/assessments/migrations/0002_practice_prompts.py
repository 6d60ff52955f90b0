"""The practice prompts (M32) an authority starts with; it changes them on the practice prompts page."""

from typing import Any

from django.db import migrations

PROMPTS = [
    # (moment, applies_to, question, guidance)
    (
        "assessment",
        "older_children",
        "Adultification bias: have you seen this child as a child, with a child's needs and vulnerability?",
        "Older children, especially Black and mixed-heritage children, are too often seen as older, more responsible "
        "or less in need of protection than they are. Say how you checked your own and others' assumptions.",
    ),
    (
        "assessment",
        "all",
        "Cultural models of parenting and family life: how has the family's culture shaped what you saw and heard?",
        "Understand the family's ways of parenting and family life before judging them; say where you sought advice.",
    ),
    (
        "assessment",
        "all",
        "How might trauma, racism, discrimination and past experience of services affect this family's engagement?",
        "Think about what the family has lived through and how they have been treated by services before.",
    ),
    (
        "assessment",
        "all",
        "Hidden harms: what might not be visible yet?",
        "For example domestic abuse, exploitation, online harm, a young carer's load, neglect that builds over time.",
    ),
    (
        "assessment",
        "all",
        "Fathers and male carers: who are they, have you spoken with them, and what do they bring?",
        "Always ask about fathers and male carers, in and outside the household; never leave them out silently.",
    ),
    (
        "assessment",
        "all",
        "Young parents and LGBTQIA parents: what support and what assumptions matter here?",
        "Young parents may be children themselves; LGBTQIA parents may have met prejudice from services.",
    ),
    (
        "assessment",
        "babies",
        "Professional curiosity for babies: was the baby seen, what independent sources did you use, and are you "
        "relying too much on what the parent or carer says?",
        "Babies cannot tell you what is happening. See the baby (unclothed where appropriate), check with the health "
        "visitor, midwife and GP, and test accounts against what others know.",
    ),
    (
        "family_plan",
        "all",
        "Are the goals in the family's own words, and does the plan fit the family's culture and way of life?",
        "",
    ),
    (
        "family_plan",
        "all",
        "Fathers and male carers: what is their part in this plan?",
        "",
    ),
    (
        "family_plan",
        "older_children",
        "Adultification bias: does this plan treat the young person as a child who needs protection and support?",
        "",
    ),
]


def add_prompts(apps: Any, schema_editor: Any) -> None:
    PracticePrompt = apps.get_model("assessments", "PracticePrompt")
    for order, (moment, applies_to, question, guidance) in enumerate(PROMPTS, start=1):
        PracticePrompt.objects.get_or_create(
            moment=moment,
            question=question,
            defaults={"applies_to": applies_to, "guidance": guidance, "display_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_assessments_factors_prompts")]
    operations = [migrations.RunPython(add_prompts, migrations.RunPython.noop)]
