"""The people an assessment includes besides the child (issue 19, never type twice): those already known from the
child's family network (people.selectors.child_family_network: parents and carers, who lives with the child, who
matters to them) are carried forward for the practitioner to confirm, not typed again. Read by the form (what it
offers and names) and by the service (what it accepts), so both offer the same people."""

from __future__ import annotations

from dataclasses import dataclass

from joinedup.people.codes import MALE_CARER_TYPES
from joinedup.people.models import Person
from joinedup.people.selectors import child_family_network


@dataclass(frozen=True)
class KnownPerson:
    person_id: int
    name: str
    relationship: str  # in the family network's words, to follow a name: "mother", "lives in the same household"
    has_parental_responsibility: bool
    lives_with_child: bool
    is_father_or_male_carer: bool
    is_child: bool = False  # a child's record (a brother or sister, say): never among the parents and carers

    @property
    def is_parent_or_carer(self) -> bool:
        """Whose views the form asks as a parent's or carer's: parental responsibility, or an adult at home."""
        return not self.is_child and (self.has_parental_responsibility or self.lives_with_child)

    @property
    def described(self) -> str:
        """Their name, how they are related to the child, and what the assessment needs to know of them."""
        parts = [self.relationship]
        if self.has_parental_responsibility:
            parts.append("parental responsibility")
        if self.lives_with_child and self.relationship != HOUSEHOLD:
            parts.append("lives with the child")
        return f"{self.name} ({', '.join(parts)})"


HOUSEHOLD = "lives in the same household"


def people_known(*, child: Person) -> list[KnownPerson]:
    """The people the child's family network records, each once: those with parental responsibility first, then
    those who live with the child, then the others who matter to them, each group by name. A fixed number of
    queries (child_family_network's)."""
    known = [
        KnownPerson(
            person_id=m.person.pk,
            name=m.person.display_name,
            # "Mother" follows a name as "mother"; "Ellie is their granddaughter" keeps the child's name as written.
            relationship=m.relationship if m.direction == "from_child" else m.relationship.lower(),
            has_parental_responsibility=m.has_parental_responsibility,
            lives_with_child=m.lives_with_child,
            is_father_or_male_carer=m.direction == "to_child" and m.relationship_type in MALE_CARER_TYPES,
            is_child=m.person.is_child_record,
        )
        for m in child_family_network(child=child)
        if m.person.pk != child.pk
    ]
    return sorted(known, key=lambda k: (not k.has_parental_responsibility, not k.lives_with_child, k.name, k.person_id))
