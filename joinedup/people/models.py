"""People, child profiles, relationships and households (M2, M3)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from joinedup.core.models import TimeStampedModel

from .codes import (
    Disability,
    Ethnicity,
    FatherStatus,
    ImmigrationStatus,
    RelationshipType,
    Sex,
    SpecialEducationalNeeds,
)


class Person(TimeStampedModel):
    """Anyone: a child (born or unborn), a young person, a parent, a carer, a family member."""

    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100)
    known_as = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField(max_length=60, blank=True, help_text="How the person describes their gender")
    nhs_number = models.CharField("NHS number", max_length=10, null=True, blank=True, unique=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    first_language = models.CharField(max_length=60, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    religion = models.CharField(max_length=60, blank=True)
    immigration_status = models.CharField(
        max_length=20, choices=ImmigrationStatus.choices, default=ImmigrationStatus.NOT_KNOWN
    )
    is_young_parent = models.BooleanField(default=False)
    lgbtqia_identity_shared = models.CharField(
        "LGBTQIA identity (where the person chose to share it)", max_length=60, blank=True
    )
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    is_child_record = models.BooleanField(
        default=False, help_text="A child or young person with their own record (has a child profile)"
    )
    is_restricted = models.BooleanField(
        default=False, help_text="Restricted record: seen only with an explicit grant (e.g. a staff member's family)"
    )
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from")
    # Matching keys, kept in step by the services that write names (people.matching.name_keys).
    given_name_key = models.CharField(max_length=100, blank=True, db_index=True)
    family_name_key = models.CharField(max_length=100, blank=True, db_index=True)
    given_name_phonetic = models.CharField(max_length=20, blank=True)
    family_name_phonetic = models.CharField(max_length=20, blank=True)
    search_name = models.CharField(max_length=210, blank=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [
            models.Index(fields=["date_of_birth"], name="person_dob_idx"),
            models.Index(fields=["family_name_phonetic", "given_name_phonetic"], name="person_phonetic_idx"),
            models.Index(fields=["given_name_phonetic"], name="person_given_phonetic_idx"),
            # Person matching fetches people by exact name keys in id order, either way round (selectors).
            models.Index(fields=["family_name_key", "given_name_key", "id"], name="person_family_given_key_idx"),
            models.Index(fields=["given_name_key", "family_name_key", "id"], name="person_given_family_key_idx"),
            # The few restricted records, so a scope can leave them out of a long list without reading every person
            # (the front door's queue, issue 5).
            models.Index(fields=["id"], condition=Q(is_restricted=True), name="person_restricted_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_death__isnull=True)
                | Q(date_of_birth__isnull=True)
                | Q(date_of_death__gte=models.F("date_of_birth")),
                name="person_death_not_before_birth",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def display_name(self) -> str:
        """The name to show people. An unborn child has no first name yet, so "Unborn child (Okafor)" rather
        than a bare surname that reads like the family. Reads the child profile only for a child's record with
        no first name (list pages load it with the person)."""
        if not self.given_name and self.is_child_record:
            profile = getattr(self, "child_profile", None)
            if profile is not None and profile.is_unborn:
                return f"Unborn child ({self.family_name})"
        return self.full_name

    def disabilities_in_words(self) -> str:
        """The child's disabilities by their meaning ("Hearing, Autism or Asperger syndrome"), "No disability" when
        the record says so (the census's NONE), "Not recorded" when it says nothing. One query (or none when the
        page prefetched them)."""
        codes = [d.code for d in self.disabilities.all()]
        order = {code: i for i, code in enumerate(Disability.values)}  # in the census's order, as the form lists them
        meanings = [
            Disability(c).label if c in order else c
            for c in sorted(codes, key=lambda c: order.get(c, len(order)))
            if c != Disability.NONE
        ]
        if meanings:
            return ", ".join(meanings)
        return "No disability" if codes else "Not recorded"


class ChildProfile(TimeStampedModel):
    """What is recorded about a child or young person beyond being a person (M2, M9, M16, M23)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="child_profile")
    is_unborn = models.BooleanField(default=False)
    expected_date_of_delivery = models.DateField(null=True, blank=True)
    pregnant_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="unborn_children"
    )
    upn = models.CharField("Unique pupil number", max_length=13, blank=True)
    uln = models.CharField("Unique learner number", max_length=10, blank=True)
    special_educational_needs = models.CharField(
        max_length=12, choices=SpecialEducationalNeeds.choices, default=SpecialEducationalNeeds.NOT_KNOWN
    )
    school = models.ForeignKey(
        "agencies.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="pupils"
    )
    gp_practice = models.ForeignKey(
        "agencies.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="patients"
    )
    father_status = models.CharField(max_length=16, choices=FatherStatus.choices)
    father_not_known_reason = models.CharField(max_length=500, blank=True)
    is_looked_after = models.BooleanField(default=False)
    is_missing = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(is_unborn=False) | Q(expected_date_of_delivery__isnull=False),
                name="unborn_child_has_expected_date_of_delivery",
            ),
            models.CheckConstraint(condition=~Q(father_status=""), name="father_status_always_answered"),
        ]

    def __str__(self) -> str:
        return f"Child profile of person {self.person_id}"

    @property
    def has_ehc_plan(self) -> bool:
        return self.special_educational_needs == SpecialEducationalNeeds.EHC_PLAN


class PersonDisability(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4, choices=Disability.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "code"], name="one_row_per_disability_code")]

    def __str__(self) -> str:
        return self.code


class Relationship(TimeStampedModel):
    """`from_person` is the `relationship_type` of `to_person` (the mother of, the father of...)."""

    from_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_from")
    to_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    relationship_type = models.CharField(max_length=20, choices=RelationshipType.choices)
    has_parental_responsibility = models.BooleanField(default=False)
    is_significant = models.BooleanField(default=False, help_text="Holds a significant role in the child's life")
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(from_person=models.F("to_person")), name="no_self_relationship"),
            models.UniqueConstraint(
                fields=["from_person", "to_person", "relationship_type"], name="unique_relationship"
            ),
        ]


class Household(TimeStampedModel):
    """Who lives together, at one address."""

    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=8)
    area_code = models.CharField(max_length=12, blank=True, help_text="Small area (LSOA) code")
    imd_decile = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Index of Multiple Deprivation decile of the area (1 most deprived)"
    )

    def __str__(self) -> str:
        return f"Household {self.pk}"


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household_memberships")
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="one_current_household_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Person {self.person_id} in household {self.household_id}"


class PreviousAbuseOrNeglect(TimeStampedModel):
    """A practitioner's record that the child has experienced abuse or neglect before (M9), and why: what the record
    cannot show by itself (harm in another authority, a disclosure). The child protection records also show the flag
    without it (people/selectors.py). Removed with a reason, never deleted, so who set it and why stay on the record."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="previous_abuse_or_neglect_records")
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name_plural = "previous abuse or neglect records"
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(removed_at__isnull=True), name="people_one_open_previous_abuse"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="people_previous_abuse_has_reason"),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | ~Q(removal_reason=""),
                name="people_previous_abuse_removed_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Previous abuse or neglect {self.pk} for child {self.child_id}"
