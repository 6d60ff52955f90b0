"""The authority's default practice prompts (ADR 0024), in plain words drawing on Working Together to Safeguard
Children (2026): the child first, adultification, fathers and male carers, disabled children, babies, harm outside
the home. Migration prompts 0003 loads those of the five new moments (asked, not required: the authority makes any
required on the practice prompts page); the synthetic generator loads them all where they are missing (a test that
empties the tables empties them too), with the assessment's and family plan's first defaults (assessments 0002),
which must be answered."""

from __future__ import annotations

from typing import Any

ADULTIFICATION = "Has the child been seen as a child first, and their vulnerability recognised?"
ADULTIFICATION_GUIDANCE = (
    "Black and mixed-heritage children, especially older ones, are too often seen as older, more responsible or less "
    "in need of protection than they are (adultification). Say how you checked your own and others' assumptions."
)

DEFAULT_PROMPTS: list[tuple[str, str, str, str]] = [
    # (moment, applies_to, question, guidance)
    (
        "contact_decision",
        "all",
        "The child first: what do we know of the child themselves, and not only of the adults' concerns?",
        "Their age, how they are, who sees them every day, and anything they have said.",
    ),
    ("contact_decision", "black_mixed_heritage_older", ADULTIFICATION, ADULTIFICATION_GUIDANCE),
    (
        "contact_decision",
        "babies",
        "Babies cannot tell us what is happening: who has seen the baby recently, and what do the health visitor, "
        "midwife and GP know?",
        "Any bruise or mark on a baby who is not yet crawling needs a medical opinion.",
    ),
    (
        "contact_decision",
        "disabled_children",
        "Could the child's disability be hiding signs of harm, or be used to explain them away?",
        "Disabled children are more likely to be harmed and less likely to be asked. Do not put signs of harm down to "
        "the disability without checking.",
    ),
    (
        "contact_decision",
        "father_not_engaged",
        "A father or male carer is on the record but not yet part of this work: what do we know of him?",
        "Ask agencies what they know of him, whether he lives with the child or not, and how he will be involved.",
    ),
    (
        "contact_decision",
        "older_children",
        "Could the harm come from outside the family: exploitation, other young people, online, or the places the "
        "child spends time?",
        "",
    ),
    ("strategy_discussion", "black_mixed_heritage_older", ADULTIFICATION, ADULTIFICATION_GUIDANCE),
    (
        "strategy_discussion",
        "older_children",
        "Harm outside the home: who else is at risk (friends, siblings, other children in the same places), and "
        "which agencies hold what we need?",
        "",
    ),
    (
        "strategy_discussion",
        "babies",
        "Is the baby mobile? A bruise or injury on a baby who is not yet mobile needs a paediatric assessment.",
        "",
    ),
    (
        "strategy_discussion",
        "disabled_children",
        "How will the child be helped to tell us what is happening: communication aids, someone who knows them, an "
        "intermediary?",
        "",
    ),
    (
        "strategy_discussion",
        "father_not_engaged",
        "Fathers and male carers: what do police and health know of him, and will he be seen as part of the enquiry?",
        "",
    ),
    (
        "conference",
        "all",
        "Is the child's daily life, in their own words where they can give them, at the centre of this conference?",
        "",
    ),
    ("conference", "black_mixed_heritage", ADULTIFICATION, ADULTIFICATION_GUIDANCE),
    (
        "conference",
        "young_parent",
        "A young parent: are they being supported as a young person in their own right, including any leaving care "
        "support they are owed?",
        "A parent under 21, or a care leaver, may need help as a child or care leaver as well as a parent.",
    ),
    (
        "conference",
        "lgbtqia_parent",
        "The parent has shared that they are LGBTQIA: have their experiences of services been considered, and are "
        "assumptions about family roles being checked?",
        "",
    ),
    (
        "conference",
        "father_not_engaged",
        "A father or male carer has not yet taken part: was he invited, and what is his part in the plan?",
        "",
    ),
    (
        "conference",
        "disabled_children",
        "Does the plan meet the child's needs as a disabled child, and did they have the support to take part?",
        "",
    ),
    (
        "visit",
        "all",
        "What is the child's day like, in their words and as you saw it today?",
        "",
    ),
    (
        "visit",
        "babies",
        "Did you see the baby awake and handled, and where the baby sleeps?",
        "See the baby unclothed where appropriate, and check the sleeping place is safe.",
    ),
    ("visit", "black_mixed_heritage_older", ADULTIFICATION, ADULTIFICATION_GUIDANCE),
    (
        "visit",
        "father_not_engaged",
        "Was a father or male carer at home or spoken of? How will you meet him?",
        "",
    ),
    (
        "visit",
        "disabled_children",
        "How did the child communicate with you, and what helped them to?",
        "",
    ),
    (
        "return_home_interview",
        "all",
        "Where was the child, who were they with, and what happened while they were away?",
        "",
    ),
    (
        "return_home_interview",
        "older_children",
        "Are there signs of exploitation: new belongings, money, phones, older friends, travel to places they have "
        "no reason to go?",
        "",
    ),
    (
        "return_home_interview",
        "black_mixed_heritage_older",
        "Has the child been treated as a child at risk while missing, and not as someone who chose to go?",
        ADULTIFICATION_GUIDANCE,
    ),
]


# The assessment's and the family plan's defaults, as assessments 0002 first loaded them.
EARLIER_DEFAULT_PROMPTS: list[tuple[str, str, str, str]] = [
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


def practice_prompts_ensure(model: Any) -> int:
    """Add each default prompt `model` (the PracticePrompt model, or a migration's historical one) does not hold with
    the same moment and words; return how many were added."""
    added = 0
    rows = [(p, False) for p in DEFAULT_PROMPTS] + [(p, True) for p in EARLIER_DEFAULT_PROMPTS]
    for order, ((moment, applies_to, question, guidance), required) in enumerate(rows, start=1):
        _, created = model.objects.get_or_create(
            moment=moment,
            question=question,
            defaults={
                "applies_to": applies_to,
                "guidance": guidance,
                "display_order": order,
                "is_required": required,
            },
        )
        added += created
    return added
