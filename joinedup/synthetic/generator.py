"""The synthetic local authority (M38): the only source of demo, test and benchmark data.

`generate(seed=S, children=N)` builds, deterministically for a seed and a reference date:
agencies (the authority, schools, early years settings, GP practices, health visiting, midwifery, a hospital,
the integrated care board, police, youth justice, voluntary organisations, adult services), teams and
practitioners, the demo users, and N children in families whose mix follows data/population.json.

Each capability adds its own stage to STAGES (a function taking the GenerationContext), so later work (front
door histories, plans, care) extends the generator without rewriting it. Data is written in bulk for speed. People
are built unsaved by people's PersonFactory (builders.build_person), whose name matching keys come from the same
function the services use, so generated people match like real ones.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from joinedup.access.models import Involvement, InvolvementRole, RestrictedRecordGrant
from joinedup.agencies.models import (
    Organisation,
    OrganisationType,
    Practitioner,
    SafeguardingPartnerRole,
    Team,
    TeamType,
)
from joinedup.agencies.roles import SOCIAL_WORK_ENGLAND_REGISTERED_ROLES, Role
from joinedup.people.codes import (
    Disability,
    FatherStatus,
    RelationshipType,
    Sex,
    SpecialEducationalNeeds,
)
from joinedup.people.identifiers import upn_check_letter
from joinedup.people.models import (
    ChildProfile,
    Household,
    HouseholdMember,
    Person,
    PersonDisability,
    Relationship,
)
from joinedup.synthetic.stages.case_record import stage_case_record
from joinedup.synthetic.stages.child_protection import stage_child_protection
from joinedup.synthetic.stages.children_in_care import stage_adoption_and_deprivation_of_liberty, stage_children_in_care
from joinedup.synthetic.stages.family_help import stage_assessments_and_family_help
from joinedup.synthetic.stages.front_door import stage_front_door
from joinedup.synthetic.stages.learning import stage_learning
from joinedup.synthetic.stages.local_visiting import stage_local_visiting_clocks
from joinedup.synthetic.stages.partner_systems import stage_partner_systems
from joinedup.synthetic.stages.partnership import stage_partnership
from joinedup.synthetic.stages.prompts import stage_practice_prompts
from joinedup.synthetic.stages.visits import stage_visits

from .builders import (
    BATCH,
    DEMO_PASSWORD,
    DemoLogin,
    GenerationContext,
    age_on,
    build_address,
    build_person,
    build_postcode,
    load_data,
    practitioner_name,
)

DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("social.worker", Role.SOCIAL_WORKER, "Social worker, child protection team"),
    DemoLogin("team.manager", Role.TEAM_MANAGER, "Team manager of that team"),
    DemoLogin("front.door", Role.FRONT_DOOR_PRACTITIONER, "Front door (MASH) practitioner"),
    DemoLogin("school.dsl", Role.DESIGNATED_SAFEGUARDING_LEAD, "A primary school's designated safeguarding lead"),
    DemoLogin("health.visitor", Role.HEALTH_VISITOR, "Health visitor"),
    DemoLogin("police.officer", Role.POLICE_OFFICER, "Police officer, safeguarding unit"),
    DemoLogin("iro", Role.INDEPENDENT_REVIEWING_OFFICER, "Independent reviewing officer"),
    DemoLogin("analyst", Role.ANALYST, "Performance analyst"),
    DemoLogin("partnership.lead", Role.PARTNERSHIP_LEAD, "Safeguarding partnership lead"),
    DemoLogin("admin", Role.ADMINISTRATOR, "System administrator"),
    DemoLogin(
        "caldicott.guardian",
        Role.TEAM_MANAGER,
        "Head of service and Caldicott Guardian: reviews break-glass by managers and IROs",
    ),
)


Stage = Callable[[GenerationContext], None]


def stage_agencies(ctx: GenerationContext) -> None:
    """The authority and its partners: organisations, teams and practitioners."""
    name = ctx.authority["name"]
    places = list(ctx.names["places"])
    ctx.rng.shuffle(places)
    la = Organisation.objects.create(
        name=name,
        organisation_type=OrganisationType.LOCAL_AUTHORITY,
        safeguarding_partner_role=SafeguardingPartnerRole.LOCAL_AUTHORITY,
    )
    icb = Organisation.objects.create(
        name=f"{name.split(' ')[0]} and District Integrated Care Board",
        organisation_type=OrganisationType.INTEGRATED_CARE_BOARD,
        safeguarding_partner_role=SafeguardingPartnerRole.INTEGRATED_CARE_BOARD,
        ods_code="QWO",
    )
    police = Organisation.objects.create(
        name="County Police",
        organisation_type=OrganisationType.POLICE,
        safeguarding_partner_role=SafeguardingPartnerRole.CHIEF_OFFICER_OF_POLICE,
    )
    singles = {
        "health_visiting": Organisation.objects.create(
            name="Community Health Visiting Service", organisation_type=OrganisationType.HEALTH_VISITING, ods_code="RY6"
        ),
        "midwifery": Organisation.objects.create(
            name="Teaching Hospitals Midwifery Service", organisation_type=OrganisationType.MIDWIFERY, ods_code="RR8"
        ),
        "hospital": Organisation.objects.create(
            name="General Infirmary", organisation_type=OrganisationType.HOSPITAL, ods_code="RR801"
        ),
        "youth_justice": Organisation.objects.create(
            name="Youth Justice Service", organisation_type=OrganisationType.YOUTH_JUSTICE
        ),
        "adult_services": Organisation.objects.create(
            name="Adult Social Care", organisation_type=OrganisationType.ADULT_SERVICES
        ),
    }
    voluntary = [
        Organisation.objects.create(
            name=f"{p} Family Support Project", organisation_type=OrganisationType.VOLUNTARY_SECTOR
        )
        for p in places[:3]
    ]
    # Roughly one primary per 250 children, one secondary per 900, one early years setting per 600.
    n_primary = max(2, ctx.children // 250)
    n_secondary = max(1, ctx.children // 900)
    n_early = max(1, ctx.children // 600)
    n_gp = max(2, ctx.children // 400)
    urns = ctx.rng.sample(range(107000, 149999), n_primary + n_secondary + n_early)

    def place(i: int) -> str:
        return places[i % len(places)] + ("" if i < len(places) else f" {i // len(places) + 1}")

    schools = [
        Organisation(
            name=f"{place(i)} Primary School",
            organisation_type=OrganisationType.SCHOOL,
            urn=str(urns[i]),
            postcode=build_postcode(ctx),
            address=build_address(ctx),
        )
        for i in range(n_primary)
    ]
    secondaries = [
        Organisation(
            name=f"{place(i + 7)} Academy",
            organisation_type=OrganisationType.SCHOOL,
            urn=str(urns[n_primary + i]),
            postcode=build_postcode(ctx),
            address=build_address(ctx),
        )
        for i in range(n_secondary)
    ]
    early = [
        Organisation(
            name=f"{place(i + 3)} Nursery",
            organisation_type=OrganisationType.EARLY_YEARS,
            urn=str(urns[n_primary + n_secondary + i]),
            postcode=build_postcode(ctx),
        )
        for i in range(n_early)
    ]
    gps = [
        Organisation(
            name=f"{place(i + 11)} Medical Practice",
            organisation_type=OrganisationType.GP_PRACTICE,
            ods_code=f"B86{ctx.rng.randint(0, 999):03d}",
            postcode=build_postcode(ctx),
        )
        for i in range(n_gp)
    ]
    Organisation.objects.bulk_create(schools + secondaries + early + gps)
    ctx.organisations = {
        "local_authority": [la],
        "icb": [icb],
        "police": [police],
        "primary": schools,
        "secondary": secondaries,
        "early_years": early,
        "gp": gps,
        "voluntary": voluntary,
        **{k: [v] for k, v in singles.items()},
    }
    team_specs = [
        ("front_door", "Front Door (MASH)", TeamType.FRONT_DOOR),
        ("family_help_north", "Family Help North", TeamType.FAMILY_HELP),
        ("family_help_south", "Family Help South", TeamType.FAMILY_HELP),
        ("child_protection_a", "Multi-agency Child Protection Team A", TeamType.CHILD_PROTECTION),
        ("child_protection_b", "Multi-agency Child Protection Team B", TeamType.CHILD_PROTECTION),
        ("children_in_care", "Children in Care", TeamType.CHILDREN_IN_CARE),
        ("care_leavers", "Leaving Care", TeamType.CARE_LEAVERS),
        ("iro", "Independent Reviewing Service", TeamType.INDEPENDENT_REVIEWING),
        ("performance", "Performance and Insight", TeamType.PERFORMANCE),
        ("partnership", "Safeguarding Partnership Business Unit", TeamType.PARTNERSHIP),
    ]
    for key, team_name, team_type in team_specs:
        ctx.teams[key] = Team.objects.create(name=team_name, organisation=la, team_type=team_type)
    # Caseworkers sized for a caseload of about 18 children each across the casework teams.
    workers_per_team = max(3, ctx.children // 400)
    practitioners: list[Practitioner] = []
    for key in (
        "front_door",
        "family_help_north",
        "family_help_south",
        "child_protection_a",
        "child_protection_b",
        "children_in_care",
        "care_leavers",
    ):
        team = ctx.teams[key]
        role = {
            "front_door": Role.FRONT_DOOR_PRACTITIONER,
            "family_help_north": Role.FAMILY_HELP_LEAD_PRACTITIONER,
            "family_help_south": Role.FAMILY_HELP_LEAD_PRACTITIONER,
        }.get(key, Role.SOCIAL_WORKER)
        for _ in range(workers_per_team):
            given, family = practitioner_name(ctx)
            practitioners.append(
                Practitioner(
                    given_name=given, family_name=family, role=role, organisation=la, team=team, job_title=role.label
                )
            )
        given, family = practitioner_name(ctx)
        manager = Practitioner(
            given_name=given,
            family_name=family,
            role=Role.TEAM_MANAGER,
            organisation=la,
            team=team,
            job_title="Team manager",
        )
        practitioners.append(manager)
    for _ in range(max(2, ctx.children // 1500)):
        given, family = practitioner_name(ctx)
        practitioners.append(
            Practitioner(
                given_name=given,
                family_name=family,
                role=Role.INDEPENDENT_REVIEWING_OFFICER,
                organisation=la,
                team=ctx.teams["iro"],
                job_title="Independent reviewing officer",
            )
        )
    for school in schools + secondaries:
        given, family = practitioner_name(ctx)
        practitioners.append(
            Practitioner(
                given_name=given,
                family_name=family,
                role=Role.DESIGNATED_SAFEGUARDING_LEAD,
                organisation=school,
                is_designated_safeguarding_lead=True,
                job_title="Designated safeguarding lead",
            )
        )
    for _ in range(max(2, ctx.children // 500)):
        given, family = practitioner_name(ctx)
        practitioners.append(
            Practitioner(
                given_name=given,
                family_name=family,
                role=Role.HEALTH_VISITOR,
                organisation=singles["health_visiting"],
                job_title="Health visitor",
                is_registered_health_professional=True,
            )
        )
    for gp in gps:
        given, family = practitioner_name(ctx)
        practitioners.append(
            Practitioner(
                given_name=given,
                family_name=family,
                role=Role.GP,
                organisation=gp,
                job_title="GP safeguarding lead",
                is_registered_health_professional=True,
            )
        )
    for _ in range(max(2, ctx.children // 800)):
        given, family = practitioner_name(ctx)
        practitioners.append(
            Practitioner(
                given_name=given,
                family_name=family,
                role=Role.POLICE_OFFICER,
                organisation=police,
                job_title="Detective constable, safeguarding unit",
            )
        )
    # Registered social workers' Social Work England numbers, one each in the order they were made (made up, like
    # every name here; drawn from no random stream, so the rest of the authority is unchanged).
    registered = (p for p in practitioners if p.role in SOCIAL_WORK_ENGLAND_REGISTERED_ROLES)
    for n, practitioner in enumerate(registered, start=1):
        practitioner.social_work_england_number = f"SW{900000 + n}"
    Practitioner.objects.bulk_create(practitioners)
    by_team: dict[str, list[Practitioner]] = {}
    for p in Practitioner.objects.select_related("team").all():
        by_team.setdefault(p.team.name if p.team else p.role, []).append(p)
        if p.role == Role.TEAM_MANAGER and p.team is not None:
            p.team.manager = p
            p.team.save(update_fields=["manager"])
    ctx.practitioners = {key: by_team.get(team.name, []) for key, team in ctx.teams.items()}
    ctx.practitioners["health_visitor"] = [p for p in practitioners if p.role == Role.HEALTH_VISITOR]
    ctx.practitioners["police"] = [p for p in practitioners if p.role == Role.POLICE_OFFICER]
    ctx.practitioners["dsl"] = [p for p in practitioners if p.role == Role.DESIGNATED_SAFEGUARDING_LEAD]
    ctx.practitioners["gp"] = [p for p in practitioners if p.role == Role.GP]
    ctx.counts["organisations"] = Organisation.objects.count()
    ctx.counts["practitioners"] = len(practitioners)


_LANGUAGES = {
    "south_asian": ["Urdu", "Punjabi", "Bengali", "Gujarati"],
    "eastern_european": ["Polish", "Romanian", "Ukrainian", "Lithuanian"],
    "black_african": ["Yoruba", "Somali", "Igbo", "Shona", "Tigrinya"],
    "chinese": ["Cantonese", "Mandarin"],
    "arab_and_other": ["Arabic", "Kurdish", "Farsi"],
}
_RELIGIONS = {
    "south_asian": ["Muslim", "Sikh", "Hindu"],
    "black_african": ["Christian", "Muslim"],
    "arab_and_other": ["Muslim"],
    "eastern_european": ["Christian"],
    "british": ["No religion", "Christian"],
    "irish": ["Christian"],
    "traveller": ["Christian"],
    "black_caribbean": ["Christian", "No religion"],
    "chinese": ["No religion", "Buddhist"],
}


def stage_families(ctx: GenerationContext) -> None:
    """N children in families: parents (fathers and male carers asked about every time), siblings, households."""
    pop = ctx.population
    names = ctx.names
    as_of = ctx.as_of
    schools = ctx.organisations["primary"]
    secondaries = ctx.organisations["secondary"]
    early = ctx.organisations["early_years"]
    gps = ctx.organisations["gp"]
    made = 0
    family_no = 0
    la_code = str(ctx.authority["dfe_code"]).zfill(3)
    upns: set[str] = set()
    while made < ctx.children:
        batch_people: list[Person] = []
        batch_meta: list[dict[str, Any]] = []
        while made < ctx.children and len(batch_people) < BATCH:
            family_no += 1
            ethnicity = ctx.weighted(pop["ethnicity"])
            pools = names["pool_by_ethnicity"][ethnicity]
            pool = names["pools"][pools[0]]
            other_pool = names["pools"][pools[-1]]
            family_name = ctx.rng.choice(other_pool["family"] if len(pools) > 1 and ctx.percent(50) else pool["family"])
            speaks_other = (
                ctx.percent(float(pop["first_language_other_than_english_rate"]["rate"])) and pools[-1] in _LANGUAGES
            )
            language = ctx.rng.choice(_LANGUAGES[pools[-1]]) if speaks_other else "English"
            religion = ctx.rng.choice(_RELIGIONS.get(pools[-1], ["No religion"]))
            postcode, address = build_postcode(ctx), build_address(ctx)
            imd = int(ctx.weighted(pop["imd_decile_of_home"]))
            n_children = min(int(ctx.weighted(pop["children_in_family"])), ctx.children - made)
            lone = ctx.percent(pop["lone_parent_family_rate"]["rate"])
            lone_mother = ctx.percent(pop["lone_parent_family_rate"]["lone_mother_share"])
            # Children aged 0-17, evenly spread, a few unborn; siblings within 12 years of each other.
            eldest_age_days = ctx.rng.randint(0, 18 * 365 - 1)
            mother_age_at_first = ctx.rng.randint(17, 40)
            mother_dob = as_of - timedelta(days=eldest_age_days + mother_age_at_first * 365 + ctx.rng.randint(0, 364))
            father_dob = mother_dob - timedelta(days=ctx.rng.randint(-3 * 365, 8 * 365))
            members: list[tuple[str, Person, dict[str, Any]]] = []
            has_mother = not lone or lone_mother
            has_father = not lone or not lone_mother
            if has_mother:
                members.append(
                    (
                        "mother",
                        build_person(
                            ctx,
                            given=ctx.rng.choice(pool["given_female"]),
                            family=family_name,
                            dob=mother_dob,
                            sex=Sex.FEMALE,
                            ethnicity=ethnicity,
                            postcode=postcode,
                            address=address,
                            child=False,
                            language=language,
                            religion=religion,
                        ),
                        {},
                    )
                )
                if mother_age_at_first < 20:
                    members[-1][1].is_young_parent = True
            if has_father:
                members.append(
                    (
                        "father",
                        build_person(
                            ctx,
                            given=ctx.rng.choice(pool["given_male"]),
                            family=family_name,
                            dob=father_dob,
                            sex=Sex.MALE,
                            ethnicity=ethnicity,
                            postcode=postcode,
                            address=address,
                            child=False,
                            language=language,
                            religion=religion,
                        ),
                        {},
                    )
                )
            age_days = eldest_age_days
            for i in range(n_children):
                if i:
                    age_days = max(-200, age_days - ctx.rng.randint(300, 1500))
                unborn = has_mother and (age_days < 0 or (i == n_children - 1 and ctx.percent(0.6)))
                age_days = max(age_days, 0)
                sex = Sex.UNKNOWN if unborn else ctx.weighted(pop["sex"])
                given = (
                    "" if unborn else ctx.rng.choice(pool["given_male"] if sex == Sex.MALE else pool["given_female"])
                )
                dob = None if unborn else as_of - timedelta(days=max(age_days, 0))
                child = build_person(
                    ctx,
                    given=given,
                    family=family_name,
                    dob=dob,
                    sex=sex,
                    ethnicity=ethnicity,
                    postcode=postcode,
                    address=address,
                    child=True,
                    language=language,
                    religion=religion,
                )
                if unborn:
                    child.nhs_number = None
                age = age_on(dob, as_of) if dob else -1
                sen = ctx.weighted(pop["special_educational_needs"]) if age >= 2 else SpecialEducationalNeeds.NOT_KNOWN
                school = None
                upn = ""
                if 4 <= age <= 10:
                    school = ctx.rng.choice(schools)
                elif 11 <= age <= 16:
                    school = ctx.rng.choice(secondaries)
                elif 2 <= age <= 3 and ctx.percent(60):
                    school = ctx.rng.choice(early)
                # A young person who has left school keeps the UPN their school gave them (CIN census 8770Q); their
                # school is not drawn at random, so the rest of the authority is unchanged.
                upn_school = school or (secondaries[made % len(secondaries)] if age >= 17 and secondaries else None)
                if upn_school is not None and upn_school.organisation_type == OrganisationType.SCHOOL:
                    entry_year = (as_of.year - age + 5) % 100
                    serial = ctx.rng.randint(0, 999) if school is not None else made % 1000
                    tail = f"{la_code}{int(upn_school.urn) % 10000:04d}{entry_year:02d}{serial:03d}"
                    while tail in upns:  # a UPN is the child's own (CIN census rule 1520)
                        serial = (serial + 1) % 1000
                        tail = f"{la_code}{int(upn_school.urn) % 10000:04d}{entry_year:02d}{serial:03d}"
                    upns.add(tail)
                    upn = upn_check_letter(tail) + tail
                disabilities = []
                if age >= 0 and ctx.percent(pop["disability"]["rate"]):
                    disabilities.append(ctx.weighted(pop["disability"]["codes"]))
                father_status = (
                    FatherStatus.RECORDED
                    if has_father
                    else ctx.rng.choice([FatherStatus.NOT_KNOWN, FatherStatus.NOT_DISCLOSED])
                )
                members.append(
                    (
                        "child",
                        child,
                        {
                            "is_unborn": unborn,
                            "edd": as_of + timedelta(days=ctx.rng.randint(20, 250)) if unborn else None,
                            "sen": sen,
                            "school": school,
                            "upn": upn,
                            "gp": ctx.rng.choice(gps),
                            "disabilities": disabilities,
                            "father_status": father_status,
                            "father_reason": ""
                            if has_father
                            else ctx.rng.choice(
                                [
                                    "Mother says the father has had no contact since before the birth",
                                    "Mother chose not to name the father; asked again at each visit",
                                    "Father's identity not known to the family",
                                ]
                            ),
                        },
                    )
                )
                made += 1
                if made >= ctx.children:
                    break
            for role, person, meta in members:
                batch_people.append(person)
                batch_meta.append(
                    {"role": role, "family": family_no, "imd": imd, "postcode": postcode, "address": address, **meta}
                )
        Person.objects.bulk_create(batch_people, batch_size=BATCH)
        _write_family_links(ctx, batch_people, batch_meta)
    ctx.counts["people"] = Person.objects.count()
    ctx.counts["children"] = len(ctx.child_ids)


def _write_family_links(ctx: GenerationContext, people: list[Person], meta: list[dict[str, Any]]) -> None:
    profiles: list[ChildProfile] = []
    disabilities: list[PersonDisability] = []
    relationships: list[Relationship] = []
    households: list[Household] = []
    household_members: list[tuple[int, Person]] = []
    families: dict[int, list[tuple[Person, dict[str, Any]]]] = {}
    for person, m in zip(people, meta, strict=True):
        families.setdefault(m["family"], []).append((person, m))
    for members in families.values():
        first_meta = members[0][1]
        households.append(
            Household(
                address=first_meta["address"],
                postcode=first_meta["postcode"],
                imd_decile=first_meta["imd"],
                area_code="",
            )
        )
        household_index = len(households) - 1
        mother = next((p for p, m in members if m["role"] == "mother"), None)
        father = next((p for p, m in members if m["role"] == "father"), None)
        children = [(p, m) for p, m in members if m["role"] == "child"]
        for person, _m in members:
            household_members.append((household_index, person))
        for child, m in children:
            ctx.child_ids.append(child.pk)
            profiles.append(
                ChildProfile(
                    person=child,
                    is_unborn=m["is_unborn"],
                    expected_date_of_delivery=m["edd"],
                    pregnant_person=mother if m["is_unborn"] else None,
                    upn=m["upn"],
                    special_educational_needs=m["sen"],
                    school=m["school"],
                    gp_practice=m["gp"],
                    father_status=m["father_status"],
                    father_not_known_reason=m["father_reason"],
                )
            )
            disabilities.extend(PersonDisability(person=child, code=c) for c in m["disabilities"])
            if not m["disabilities"] and not m["is_unborn"]:
                disabilities.append(PersonDisability(person=child, code=Disability.NONE))
            if mother is not None:
                relationships.append(
                    Relationship(
                        from_person=mother,
                        to_person=child,
                        relationship_type=RelationshipType.EXPECTANT_PARENT
                        if m["is_unborn"]
                        else RelationshipType.MOTHER,
                        has_parental_responsibility=True,
                        is_significant=True,
                    )
                )
            if father is not None:
                relationships.append(
                    Relationship(
                        from_person=father,
                        to_person=child,
                        relationship_type=RelationshipType.FATHER,
                        has_parental_responsibility=ctx.percent(90),
                        is_significant=True,
                    )
                )
        for i, (a, _ma) in enumerate(children):
            for b, _mb in children[i + 1 :]:
                relationships.append(
                    Relationship(from_person=a, to_person=b, relationship_type=RelationshipType.SIBLING)
                )
                relationships.append(
                    Relationship(from_person=b, to_person=a, relationship_type=RelationshipType.SIBLING)
                )
    ChildProfile.objects.bulk_create(profiles, batch_size=BATCH)
    PersonDisability.objects.bulk_create(disabilities, batch_size=BATCH)
    Relationship.objects.bulk_create(relationships, batch_size=BATCH)
    Household.objects.bulk_create(households, batch_size=BATCH)
    HouseholdMember.objects.bulk_create(
        [HouseholdMember(household=households[i], person=p, started_on=p.date_of_birth) for i, p in household_members],
        batch_size=BATCH,
    )


def stage_demo_users(ctx: GenerationContext) -> None:
    """One sign-in per role, each attached to a practitioner in the right agency and team."""
    user_model = get_user_model()
    la = ctx.organisations["local_authority"][0]
    placements: dict[str, tuple[Organisation, Team | None, str, str]] = {
        "social.worker": (la, ctx.teams["child_protection_a"], "Sam", "Okafor"),
        "team.manager": (la, ctx.teams["child_protection_a"], "Priya", "Sharma"),
        "front.door": (la, ctx.teams["front_door"], "Jo", "Hargreaves"),
        "school.dsl": (ctx.organisations["primary"][0], None, "Helen", "Marsden"),
        "health.visitor": (ctx.organisations["health_visiting"][0], None, "Aisha", "Rahman"),
        "police.officer": (ctx.organisations["police"][0], None, "Mark", "Fletcher"),
        "iro": (la, ctx.teams["iro"], "Grace", "Mensah"),
        "analyst": (la, ctx.teams["performance"], "Tom", "Greenwood"),
        "partnership.lead": (la, ctx.teams["partnership"], "Nadia", "Hussain"),
        "admin": (la, None, "Alex", "Whiteley"),
        "caldicott.guardian": (la, None, "Ruth", "Adeyemi"),
    }
    for n, login in enumerate(DEMO_LOGINS, start=1):
        org, team, given, family = placements[login.username]
        user = user_model.objects.create_user(
            username=login.username, password=DEMO_PASSWORD, email=f"{login.username}@joinedup.invalid"
        )
        if login.role == Role.ADMINISTRATOR:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        practitioner = Practitioner.objects.create(
            user=user,
            given_name=given,
            family_name=family,
            role=login.role,
            organisation=org,
            team=team,
            job_title=login.description,
            email=f"{login.username}@joinedup.invalid",
            is_designated_safeguarding_lead=login.role == Role.DESIGNATED_SAFEGUARDING_LEAD,
            is_registered_health_professional=login.role == Role.HEALTH_VISITOR,
            social_work_england_number=f"SW{800000 + n}" if login.role in SOCIAL_WORK_ENGLAND_REGISTERED_ROLES else "",
            # Reviews break-glass by anyone with no line manager but themselves (the demo's team managers and IROs).
            is_caldicott_guardian=login.username == "caldicott.guardian",
        )
        ctx.demo_practitioners[login.username] = practitioner
        if login.role == Role.TEAM_MANAGER and team is not None:
            # The demo manager manages the demo social worker's team.
            team.manager = practitioner
            team.save(update_fields=["manager"])


def stage_involvements(ctx: GenerationContext) -> None:
    """Who works with which child: allocated workers and lead practitioners for about 1 in 12 children, health
    visitors for babies, police and IROs for some, and the demo users' own caseloads; a few restricted records."""
    today = ctx.as_of
    children = list(
        Person.objects.filter(id__in=ctx.child_ids)
        .select_related("child_profile")
        .order_by("id")
        .values_list("id", "date_of_birth", "child_profile__is_unborn")
    )
    involvements: list[Involvement] = []
    casework_teams = [
        "family_help_north",
        "family_help_south",
        "child_protection_a",
        "child_protection_b",
        "children_in_care",
        "care_leavers",
    ]
    demo = ctx.demo_practitioners
    demo_caseload = 0
    for child_id, dob, unborn in children:
        age = age_on(dob, today) if dob else -1
        if ctx.percent(8):
            team_key = ctx.rng.choice(casework_teams[:4] if age < 16 else casework_teams)
            workers = [p for p in ctx.practitioners[team_key] if p.role != Role.TEAM_MANAGER]
            worker = ctx.rng.choice(workers)
            if team_key == "child_protection_a" and demo_caseload < 18:
                worker = demo["social.worker"]
                demo_caseload += 1
            role = (
                InvolvementRole.LEAD_PRACTITIONER
                if team_key.startswith("family_help")
                else InvolvementRole.ALLOCATED_SOCIAL_WORKER
            )
            started = today - timedelta(days=ctx.rng.randint(5, 400))
            involvements.append(
                Involvement(
                    practitioner=worker, child_id=child_id, team=ctx.teams[team_key], role=role, started_on=started
                )
            )
            if team_key.startswith("child_protection") and ctx.percent(50):
                involvements.append(
                    Involvement(
                        practitioner=ctx.rng.choice(ctx.practitioners["police"]),
                        child_id=child_id,
                        role=InvolvementRole.POLICE_CONTACT,
                        started_on=started,
                    )
                )
            if team_key == "children_in_care":
                iros = ctx.practitioners["iro"]
                involvements.append(
                    Involvement(
                        practitioner=ctx.rng.choice(iros),
                        child_id=child_id,
                        team=ctx.teams["iro"],
                        role=InvolvementRole.INDEPENDENT_REVIEWING_OFFICER,
                        started_on=started,
                    )
                )
        if (unborn or 0 <= age < 5) and ctx.percent(20):
            involvements.append(
                Involvement(
                    practitioner=ctx.rng.choice(ctx.practitioners["health_visitor"]),
                    child_id=child_id,
                    role=InvolvementRole.HEALTH_VISITOR,
                    started_on=dob or today,
                )
            )
    # The demo partners each have a small caseload of their own.
    allocated = [i for i in involvements if i.role == InvolvementRole.ALLOCATED_SOCIAL_WORKER]
    for inv in ctx.rng.sample(allocated, min(6, len(allocated))):
        involvements.append(
            Involvement(
                practitioner=demo["police.officer"],
                child_id=inv.child_id,
                role=InvolvementRole.POLICE_CONTACT,
                started_on=inv.started_on,
            )
        )
    for inv in ctx.rng.sample(allocated, min(8, len(allocated))):
        involvements.append(
            Involvement(
                practitioner=demo["iro"],
                child_id=inv.child_id,
                team=ctx.teams["iro"],
                role=InvolvementRole.INDEPENDENT_REVIEWING_OFFICER,
                started_on=inv.started_on,
            )
        )
    babies = [cid for cid, dob, unborn in children if unborn or (dob and age_on(dob, today) < 5)]
    for child_id in ctx.rng.sample(babies, min(25, len(babies))):
        involvements.append(
            Involvement(
                practitioner=demo["health.visitor"],
                child_id=child_id,
                role=InvolvementRole.HEALTH_VISITOR,
                started_on=today - timedelta(days=60),
            )
        )
    Involvement.objects.bulk_create(involvements, batch_size=BATCH)
    # The demo school's DSL sees that school's pupils through the school link (access/scopes.py).
    # Restricted records: about 1 in 500 children (for example a staff member's own family). The demo
    # manager holds a grant to one of them; nobody else sees them.
    restricted = ctx.rng.sample(ctx.child_ids, max(1, len(ctx.child_ids) // 500))
    Person.objects.filter(id__in=restricted).update(is_restricted=True)
    manager_user = demo["team.manager"].user
    assert manager_user is not None
    RestrictedRecordGrant.objects.create(
        child_id=restricted[0],
        user=manager_user,
        granted_by=manager_user,
        reason="Synthetic demo grant: manager oversees this restricted record",
    )
    ctx.counts["involvements"] = len(involvements)
    ctx.counts["restricted_records"] = len(restricted)


STAGES: list[Stage] = [
    stage_agencies,
    stage_families,
    stage_demo_users,
    stage_involvements,
    stage_front_door,
    stage_children_in_care,
    stage_adoption_and_deprivation_of_liberty,
    stage_assessments_and_family_help,
    stage_child_protection,
    stage_case_record,
    stage_visits,
    stage_practice_prompts,
    stage_partner_systems,
    stage_local_visiting_clocks,
    stage_learning,
    stage_partnership,
]


def authority_is_generated() -> bool:
    return Organisation.objects.filter(organisation_type=OrganisationType.LOCAL_AUTHORITY).exists()


def generate(*, seed: int, children: int, as_of: date, stages: list[Stage] | None = None) -> GenerationContext:
    ctx = GenerationContext(
        seed=seed,
        children=children,
        as_of=as_of,
        rng=random.Random(seed),
        population=load_data("population.json"),
        names=load_data("names.json"),
        authority=dict(settings.JOINEDUP_AUTHORITY),
    )
    with transaction.atomic():
        for stage in stages or STAGES:
            stage(ctx)
        _refresh_planner_statistics()
    return ctx


def _refresh_planner_statistics() -> None:
    """Tell PostgreSQL's planner how big the authority just written is (ANALYZE), inside the same transaction so it
    counts the rows written (it counts its own transaction's rows, even before they commit).

    Without it the planner plans each query from whatever it last saw, which may be a nearly empty table; reading
    one child's household then seq-scans a table of thousands of rows for every child, and a page that takes
    milliseconds takes seconds (a test reading 3,000 children's summaries ran for over an hour in CI). SQLite
    plans from its indexes and needs nothing."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
