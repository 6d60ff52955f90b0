"""The synthetic authority: deterministic for a seed, a realistic mix, demo users for every role."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from io import StringIO
from itertools import pairwise
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from joinedup.access.scopes import children_visible_to
from joinedup.accounts.models import PartnerSystem, PartnerSystemToken
from joinedup.agencies.models import Organisation, OrganisationType, SafeguardingPartnerRole
from joinedup.people.identifiers import nhs_number_is_valid, upn_is_valid
from joinedup.people.models import ChildProfile, Person
from joinedup.synthetic.generator import DEMO_LOGINS, generate

AS_OF = date(2026, 11, 20)


def snapshot() -> list[tuple[Any, ...]]:
    return list(
        Person.objects.order_by("id").values_list(
            "given_name",
            "family_name",
            "date_of_birth",
            "sex",
            "ethnicity",
            "nhs_number",
            "postcode",
            "is_child_record",
            "is_restricted",
        )
    )


@pytest.mark.django_db(transaction=True)
def test_same_seed_same_authority_different_seed_different_authority() -> None:
    generate(seed=7, children=120, as_of=AS_OF)
    first = snapshot()
    call_command("flush", "--no-input", verbosity=0)
    generate(seed=7, children=120, as_of=AS_OF)
    assert snapshot() == first
    call_command("flush", "--no-input", verbosity=0)
    generate(seed=8, children=120, as_of=AS_OF)
    assert snapshot() != first


@pytest.mark.django_db
def test_children_count_identifiers_and_partners() -> None:
    generate(seed=3, children=400, as_of=AS_OF)
    children = Person.objects.filter(is_child_record=True)
    # N children in families, under 18; care leavers aged 18 to 25 (children_in_care's stage) come on top.
    assert children.exclude(date_of_birth__lte=date(2008, 11, 20)).count() == 400
    assert all(nhs_number_is_valid(n) for n in children.exclude(nhs_number=None).values_list("nhs_number", flat=True))
    assert all(upn_is_valid(u) for u in ChildProfile.objects.exclude(upn="").values_list("upn", flat=True))
    assert ChildProfile.objects.exclude(upn="").exists()
    roles = set(
        Organisation.objects.exclude(safeguarding_partner_role="").values_list("safeguarding_partner_role", flat=True)
    )
    assert roles == set(SafeguardingPartnerRole.values)
    types = set(Organisation.objects.values_list("organisation_type", flat=True))
    assert {
        OrganisationType.SCHOOL,
        OrganisationType.GP_PRACTICE,
        OrganisationType.POLICE,
        OrganisationType.HEALTH_VISITING,
        OrganisationType.EARLY_YEARS,
    } <= types
    assert all(
        len(u) == 6
        for u in Organisation.objects.filter(organisation_type=OrganisationType.SCHOOL).values_list("urn", flat=True)
    )


@pytest.mark.django_db
def test_every_child_has_a_father_status_and_unborn_children_have_an_expected_date() -> None:
    generate(seed=5, children=600, as_of=AS_OF)
    assert not ChildProfile.objects.filter(father_status="").exists()
    unborn = ChildProfile.objects.filter(is_unborn=True)
    assert unborn.exists()
    assert not unborn.filter(expected_date_of_delivery=None).exists()
    assert not unborn.filter(pregnant_person=None).exists()


@pytest.mark.django_db
def test_the_mix_resembles_england() -> None:
    generate(seed=11, children=3000, as_of=AS_OF)
    children = Person.objects.filter(is_child_record=True)
    ethnicity = Counter(children.values_list("ethnicity", flat=True))
    white_british = ethnicity["WBRI"] / 3000
    assert 0.55 < white_british < 0.65  # 59.9% in the source figures
    assert len(ethnicity) >= 15
    ehc = ChildProfile.objects.filter(special_educational_needs="ehc_plan").count() / 3000
    assert 0.03 < ehc < 0.08
    ages = Counter(
        (AS_OF - dob).days // 365
        for dob in children.exclude(date_of_birth=None).values_list("date_of_birth", flat=True)
    )
    assert set(range(0, 18)) <= set(ages)
    assert max(ages.values()) < 3 * min(ages[a] for a in range(18))


@pytest.mark.django_db
def test_demo_users_exist_for_every_role_and_see_what_their_role_allows() -> None:
    from django.contrib.auth import get_user_model

    generate(seed=1, children=500, as_of=AS_OF)
    users = {u.username: u for u in get_user_model().objects.all()}
    for login in DEMO_LOGINS:
        assert users[login.username].practitioner.role == login.role
    assert children_visible_to(users["social.worker"]).count() > 0
    assert children_visible_to(users["team.manager"]).count() >= children_visible_to(users["social.worker"]).count()
    assert children_visible_to(users["front.door"]).count() >= 490  # all but restricted records
    assert 0 < children_visible_to(users["school.dsl"]).count() < 500
    assert 0 < children_visible_to(users["health.visitor"]).count() < 100
    assert children_visible_to(users["analyst"]).count() == 0
    # The demo partner systems (issue 26): registered, acting through the demo school DSL and police officer or as
    # the system itself, and holding no token until the administrator issues one.
    systems = {s.name: s for s in PartnerSystem.objects.select_related("practitioner__user", "account")}
    assert len(systems) == 3 and not PartnerSystemToken.objects.exists()
    acting = sorted(s.practitioner.user.username for s in systems.values() if s.practitioner and s.practitioner.user)
    assert acting == ["police.officer", "school.dsl"]
    own = systems["Child Health Information System"].account
    assert own is not None and not own.has_usable_password()


@pytest.mark.django_db
def test_command_refuses_a_second_authority_unless_asked_to_keep_it() -> None:
    out = StringIO()
    call_command("generate_synthetic_la", "--seed", "2", "--children", "50", "--as-of", "2026-11-20", stdout=out)
    assert "50 children" in out.getvalue()
    assert "social.worker" in out.getvalue() and "partnership.lead" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("generate_synthetic_la", "--seed", "2", "--children", "50", stdout=StringIO())
    call_command("generate_synthetic_la", "--if-empty", stdout=StringIO())


def test_authority_command_prints_the_configured_identity() -> None:
    out = StringIO()
    call_command("authority", stdout=out)
    assert set(json.loads(out.getvalue())) == {"name", "dfe_code", "ons_code"}


@pytest.mark.django_db
def test_every_clock_the_generator_makes_is_the_one_the_services_would_make() -> None:
    """Issue 16: the synthetic authority's clocks come from timescales.deadline_build, the function deadline_start
    uses, with the local figures in force: rebuilding each from its start gives the same due date and figure."""
    from joinedup.timescales.models import Deadline
    from joinedup.timescales.selectors import local_figures
    from joinedup.timescales.services import deadline_build

    generate(seed=4, children=600, as_of=AS_OF)
    figures = local_figures()
    clocks = list(Deadline.objects.order_by("id"))
    assert len({c.rule_code for c in clocks}) >= 8
    for clock in clocks:
        rebuilt = deadline_build(
            rule_code=clock.rule_code,
            interval=clock.interval,
            child_id=clock.child_id,
            subject_key=clock.subject_key,
            started_on=clock.started_on,
            started_at=clock.started_at,
            anchored_on=clock.anchored_on,
            figures=figures,
        )
        assert (rebuilt.due_on, rebuilt.due_at, rebuilt.figure_applied) == (
            clock.due_on,
            clock.due_at,
            clock.figure_applied,
        ), clock.subject_key


def _factor_codes() -> dict[int, list[str]]:
    from joinedup.assessments.models import AssessmentFactorIdentified

    codes: dict[int, list[str]] = {}
    for assessment_id, code in AssessmentFactorIdentified.objects.order_by("code").values_list("assessment_id", "code"):
        codes.setdefault(assessment_id, []).append(code)
    return codes


def record_problems_the_census_rules_forbid() -> dict[str, list[Any]]:
    """What the CIN census rules forbid or query and the synthetic record once held (issue 17), in the record."""
    from django.db.models import F, Q

    from joinedup.assessments.codes import AssessmentStatus
    from joinedup.assessments.models import SingleAssessment
    from joinedup.child_protection.models import ChildProtectionPlan, Conference, Section47Enquiry
    from joinedup.episodes.codes import ClosureReason
    from joinedup.episodes.models import CaseEpisode
    from joinedup.family_help.models import FamilyHelpCase

    upns = Counter(ChildProfile.objects.exclude(upn="").values_list("upn", flat=True))
    after_closure = SingleAssessment.objects.filter(case_episode__closed_on__isnull=False).filter(
        Q(started_on__gt=F("case_episode__closed_on"))
        | Q(completed_on__gt=F("case_episode__closed_on"))
        | Q(status=AssessmentStatus.IN_PROGRESS)
    )
    overlapping = []
    by_episode: dict[int, list[Any]] = {}
    rows = SingleAssessment.objects.order_by("started_on", "id").values("case_episode_id", "started_on", "completed_on")
    for a in rows:
        by_episode.setdefault(a["case_episode_id"], []).append(a)
    for episode_id, assessments in by_episode.items():
        for before, after in pairwise(assessments):
            if before["completed_on"] is None or before["completed_on"] >= after["started_on"]:
                overlapping.append(episode_id)
    followed = (
        set(Section47Enquiry.objects.values_list("episode_id", flat=True))
        | set(Conference.objects.values_list("episode_id", flat=True))
        | set(ChildProtectionPlan.objects.values_list("episode_id", flat=True))
        | set(FamilyHelpCase.objects.filter(plans__isnull=False).values_list("case_episode_id", flat=True))
    )
    closed_after_assessment = CaseEpisode.objects.filter(
        closure_reason__in=[ClosureReason.CLOSED_AFTER_ASSESSMENT_NFA, ClosureReason.CLOSED_AFTER_ASSESSMENT_EARLY_HELP]
    )
    only_no_factors = [
        a
        for a, codes in _factor_codes().items()
        if codes == ["21"]
        and a
        not in set(
            SingleAssessment.objects.filter(case_episode__in=closed_after_assessment).values_list("pk", flat=True)
        )
    ]
    # An episode with a child protection plan led to further action: the census asks its primary need (8610); and
    # no child's episode starts more than 40 weeks before they were born (8606; here: before they were born, but an
    # unborn child's).
    plan_without_need = ChildProtectionPlan.objects.filter(episode__primary_need_code="").exclude(
        episode__in=SingleAssessment.objects.exclude(primary_need="").values("case_episode")
    )
    before_birth = [
        pk
        for pk, started, born in CaseEpisode.objects.values_list("pk", "started_on", "child__date_of_birth")
        if born is not None and started < born - timedelta(weeks=40)
    ]
    return {
        "8610 plan with no primary need": list(plan_without_need.values_list("episode_id", flat=True)),
        "8606 episode 40 weeks before birth": before_birth,
        "1520 UPN used twice": [u for u, n in upns.items() if n > 1],
        "8873Q no factors, yet the case went on": only_no_factors,
        "8565/8867 assessment after or open at closure": list(after_closure.values_list("pk", flat=True)),
        "8896/8863Q assessments overlapping in an episode": overlapping,
        "2990 closed after assessment, then more work": list(
            closed_after_assessment.filter(pk__in=followed).values_list("pk", flat=True)
        ),
    }


@pytest.mark.django_db
def test_the_record_holds_nothing_the_cin_census_rules_forbid() -> None:
    """Each UPN is one child's (1520); an assessment that found no factors ends the case (8873Q); no assessment
    after its episode closed, or open at closure (8565, 8867); one assessment at a time in an episode (8896, 8863Q);
    a case closed after assessment had nothing after (2990); an earlier child protection plan's episode has a primary
    need (8610) and never starts before the child was born (8606)."""
    generate(seed=1, children=1000, as_of=date(2026, 12, 7))
    assert record_problems_the_census_rules_forbid() == {
        "8610 plan with no primary need": [],
        "8606 episode 40 weeks before birth": [],
        "1520 UPN used twice": [],
        "8873Q no factors, yet the case went on": [],
        "8565/8867 assessment after or open at closure": [],
        "8896/8863Q assessments overlapping in an episode": [],
        "2990 closed after assessment, then more work": [],
    }
