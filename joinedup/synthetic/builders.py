"""Shared builders for the synthetic authority: the generation context (seeded random numbers, the date the
authority is generated as of, what earlier stages made), and people, names, addresses and postcodes in the
authority's own shape. Every stage (generator.py's and synthetic/stages/) builds with these."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from joinedup.agencies.models import (
    Organisation,
    Practitioner,
    Team,
)
from joinedup.agencies.roles import Role
from joinedup.people.codes import (
    ImmigrationStatus,
)
from joinedup.people.factories import PersonFactory
from joinedup.people.identifiers import nhs_number_with_check_digit
from joinedup.people.models import (
    Person,
)

DATA = Path(__file__).parent / "data"
DEMO_PASSWORD = "joinedup-demo-2026"  # noqa: S105 (demo only; production has no demo users)
BATCH = 2000


def load_data(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    description: str


@dataclass
class GenerationContext:
    seed: int
    children: int
    as_of: date
    rng: random.Random
    population: dict[str, Any]
    names: dict[str, Any]
    authority: dict[str, Any]
    organisations: dict[str, list[Organisation]] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    practitioners: dict[str, list[Practitioner]] = field(default_factory=dict)
    demo_practitioners: dict[str, Practitioner] = field(default_factory=dict)
    child_ids: list[int] = field(default_factory=list)
    nhs_serial: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def weighted(self, table: dict[str, Any]) -> str:
        keys = [k for k in table if not k.startswith("_")]
        return self.rng.choices(keys, weights=[float(table[k]) for k in keys])[0]

    def percent(self, rate: float) -> bool:
        return self.rng.random() * 100 < rate

    def next_nhs_number(self) -> str:
        # NHS numbers beginning with 9 are never issued to patients (the 999 range is NHS England's test
        # range), so no synthetic number can be a real person's.
        while True:
            self.nhs_serial += 1
            number = nhs_number_with_check_digit(f"9{(self.seed * 1_000_003 + self.nhs_serial) % 10**8:08d}")
            if number is not None:
                return number


def build_postcode(ctx: GenerationContext) -> str:
    """A real postcode of the authority from the ONS Postcode Directory (joinedup/returns/postcodes.py), never an
    invented one, so the statutory returns' postcode checks pass."""
    from joinedup.returns.postcodes import in_authority

    choices = in_authority(str(ctx.authority["ons_code"]), tuple(ctx.authority["postcode_areas"]))
    return ctx.rng.choice(choices).postcode


def build_postcode_outside(ctx: GenerationContext) -> str:
    """A real English postcode outside the authority, within 60 miles (placements out of the area)."""
    from joinedup.returns.postcodes import near_authority

    choices = near_authority(str(ctx.authority["ons_code"]), tuple(ctx.authority["postcode_areas"]))
    return ctx.rng.choice(choices).postcode


def build_address(ctx: GenerationContext) -> str:
    places = ctx.names["places"]
    return f"{ctx.rng.randint(1, 180)} {ctx.rng.choice(places)} {ctx.rng.choice(ctx.names['streets'])}"


def practitioner_name(ctx: GenerationContext) -> tuple[str, str]:
    pool = ctx.names["pools"][
        ctx.rng.choice(
            [
                "british",
                "british",
                "british",
                "south_asian",
                "black_african",
                "irish",
                "eastern_european",
                "black_caribbean",
            ]
        )
    ]
    given = ctx.rng.choice(pool["given_female"] + pool["given_male"])
    return given, ctx.rng.choice(pool["family"])


def age_on(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def build_person(
    ctx: GenerationContext,
    *,
    given: str,
    family: str,
    dob: date | None,
    sex: str,
    ethnicity: str,
    postcode: str,
    address: str,
    child: bool,
    language: str,
    religion: str,
) -> Person:
    """An unsaved person for the stage's bulk_create, built by people's PersonFactory so that the name search keys
    come from the factory, as they do for the tests' people. Every value is passed, drawn from ctx.rng in a fixed
    order, so the factory's own defaults (Faker names, a fixed birth date) never decide anything here."""
    nhs_number = ctx.next_nhs_number() if (child or ctx.percent(92)) else None
    immigration_status = ImmigrationStatus.BRITISH_CITIZEN if ctx.percent(85) else ImmigrationStatus.NOT_KNOWN
    person: Person = PersonFactory.build(
        given_name=given,
        family_name=family,
        date_of_birth=dob,
        sex=sex,
        ethnicity=ethnicity,
        nhs_number=nhs_number,
        first_language=language,
        religion=religion,
        postcode=postcode,
        address=address,
        is_child_record=child,
        immigration_status=immigration_status,
    )
    return person
