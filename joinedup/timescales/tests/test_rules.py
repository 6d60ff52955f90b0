"""The rules file: every RULES.md code once, each with its figure, unit, clock start and source; bad files refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from joinedup.timescales.rules import (
    RULES,
    RULES_FILE,
    CarriedBy,
    RulesFileError,
    Scope,
    UnknownRule,
    load_rules,
    rule_get,
)

# design/RULES.md lives in shared/ beside the repository (read-only); CI clones main with shared/ beside it.
RULES_MD = Path(__file__).resolve().parents[4] / "shared" / "design" / "RULES.md"


def test_every_rule_has_its_what_clock_start_source_and_figures() -> None:
    assert len(RULES) == 40
    for rule in RULES.values():
        assert rule.what and rule.clock_start and rule.source
        for interval in rule.intervals:
            assert interval.periods, rule.code


def test_the_two_phase_visit_rules_have_both_intervals() -> None:
    for code, second in (("placed_with_parents_visit", (6, "weeks")), ("connected_person_visit", (4, "weeks"))):
        first, after = RULES[code].intervals
        assert (first.period.figure, first.period.unit) == (7, "calendar_days")
        assert (after.period.figure, after.period.unit) == second


def test_section_47_outcome_follows_the_icpc_figure() -> None:
    assert RULES["section_47_outcome"].headline.periods == RULES["initial_child_protection_conference"].headline.periods
    assert RULES["section_47_outcome"].headline.same_as == "initial_child_protection_conference"


def test_unknown_codes_and_intervals_are_named_in_the_error() -> None:
    with pytest.raises(UnknownRule, match="Unknown rule 'icpc'"):
        rule_get("icpc")
    with pytest.raises(UnknownRule, match="has no interval 'weekly'"):
        RULES["care_plan"].interval("weekly")


@pytest.mark.skipif(not RULES_MD.exists(), reason="design/RULES.md is not beside this checkout")
def test_the_codes_and_scopes_match_rules_md() -> None:
    text = RULES_MD.read_text()
    national_part, local_part = text.split("## Local protocols", 1)
    national = set(re.findall(r"^\| `([a-z0-9_]+)` \|", national_part, re.M))
    local = set(re.findall(r"^\| `([a-z0-9_]+)` \|", local_part, re.M))
    ours = {c: r for c, r in RULES.items() if not r.added_by_project}
    # Every RULES.md code is here, in its scope, and none of them is marked as the project's own.
    assert {c for c, r in ours.items() if r.scope == Scope.NATIONAL} == national
    assert {c for c, r in ours.items() if r.scope == Scope.LOCAL} == local
    # Every code beyond RULES.md is marked with why the project added it, and is a local rule (no national figure
    # is invented here).
    extra = {c: r for c, r in RULES.items() if r.added_by_project}
    assert set(extra).isdisjoint(national | local)
    assert set(RULES) == national | local | set(extra)
    for code, rule in extra.items():
        assert rule.scope == Scope.LOCAL, code
        assert len(rule.added_by_project.split()) >= 5, code


def test_the_rules_the_project_added_beyond_rules_md_say_why() -> None:
    assert {c for c, r in RULES.items() if r.added_by_project} == {"family_help_visit", "care_leaver_contact"}
    assert RULES["family_help_visit"].headline.period.figure == 20
    assert RULES["care_leaver_contact"].headline.period.figure == 8


def test_a_rule_marked_as_added_by_the_project_loads_with_its_reason(tmp_path: Path) -> None:
    given = tmp_path / "rules.toml"
    given.write_text(
        '[[rules]]\ncode = "x"\nwhat = "w"\nclock_start = "c"\nsource = "s"\nscope = "local"\n'
        'added_by_project = "Because the issue asks for it"\n'
        'intervals = [{ name = "standard", figure = 1, unit = "weeks" }]\n'
    )
    assert load_rules(given)["x"].added_by_project == "Because the issue asks for it"
    given.write_text(
        given.read_text().replace('added_by_project = "Because the issue asks for it"', "added_by_project = 3")
    )
    with pytest.raises(RulesFileError, match="'added_by_project' must be text"):
        load_rules(given)


@pytest.mark.skipif(not RULES_MD.exists(), reason="design/RULES.md is not beside this checkout")
def test_the_national_figures_match_rules_md() -> None:
    units = {"working day": "working_days", "day": "calendar_days", "week": "weeks", "month": "months", "hour": "hours"}
    national_part = RULES_MD.read_text().split("## Local protocols", 1)[0]
    for code, figure in re.findall(r"^\| `([a-z0-9_]+)` \| [^|]+ \| ([^|]+) \|", national_part, re.M):
        found = re.findall(r"(\d+) (working day|day|week|month|hour)s?", figure)
        assert found, (code, figure)
        expected = [(int(n), units[u]) for n, u in found]
        got = [(i.period.figure, i.period.unit.value) for i in RULES[code].intervals]
        assert got == expected, code


BAD_FILES = {
    "unknown unit": ('figure = 3, unit = "fortnights"', "'unit' must be one of"),
    "negative figure": ('figure = -1, unit = "working_days"', "whole number, 0 or more"),
    "zero calendar days": ('figure = 0, unit = "calendar_days"', "only a working-day figure may be 0"),
    "no figure": ('unit = "weeks"', "give either figure and unit"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_malformed_rule_stops_loading(tmp_path: Path, case: str) -> None:
    interval, message = BAD_FILES[case]
    bad = tmp_path / "rules.toml"
    bad.write_text(
        '[[rules]]\ncode = "x"\nwhat = "w"\nclock_start = "c"\nsource = "s"\nscope = "national"\n'
        f'intervals = [{{ name = "standard", {interval} }}]\n'
    )
    with pytest.raises(RulesFileError, match=message):
        load_rules(bad)


def test_a_rule_listed_twice_stops_loading(tmp_path: Path) -> None:
    rule = (
        '[[rules]]\ncode = "x"\nwhat = "w"\nclock_start = "c"\nsource = "s"\nscope = "local"\n'
        'intervals = [{ name = "standard", figure = 1, unit = "weeks" }]\n'
    )
    bad = tmp_path / "rules.toml"
    bad.write_text(rule + rule)
    with pytest.raises(RulesFileError, match="appears twice"):
        load_rules(bad)


def test_the_shipped_file_loads() -> None:
    assert dict(load_rules(RULES_FILE)) == dict(RULES)


def test_whose_role_carries_each_rule_is_data_and_defaults_to_the_allocated_worker(tmp_path: Path) -> None:
    # The rules of another role than the child's allocated worker (issue 18): allocation leaves their clocks with
    # whoever carries them in that role. Every other rule is the allocated worker's.
    assert {code: rule.carried_by for code, rule in RULES.items() if rule.carried_by != CarriedBy.ALLOCATED_WORKER} == {
        "contact_decision": CarriedBy.FRONT_DOOR,
        "referrer_feedback": CarriedBy.FRONT_DOOR,
        "information_request": CarriedBy.FRONT_DOOR,
        "first_looked_after_review": CarriedBy.INDEPENDENT_REVIEWING_OFFICER,
        "second_looked_after_review": CarriedBy.INDEPENDENT_REVIEWING_OFFICER,
        "subsequent_looked_after_review": CarriedBy.INDEPENDENT_REVIEWING_OFFICER,
        "pathway_plan_review": CarriedBy.PERSONAL_ADVISER,
        "care_leaver_contact": CarriedBy.PERSONAL_ADVISER,
        "eligible_child_needs_assessment": CarriedBy.PERSONAL_ADVISER,
        "serious_incident_notification": CarriedBy.SAFEGUARDING_PARTNERS,
        "rapid_review": CarriedBy.SAFEGUARDING_PARTNERS,
        "local_practice_review_publication": CarriedBy.SAFEGUARDING_PARTNERS,
        "yearly_report": CarriedBy.SAFEGUARDING_PARTNERS,
    }
    assert RULES["strategy_discussion"].carried_by == CarriedBy.ALLOCATED_WORKER
    rule = (
        '[[rules]]\ncode = "x"\nwhat = "w"\nclock_start = "c"\nsource = "s"\nscope = "local"\n{carried_by}'
        'intervals = [{{ name = "standard", figure = 1, unit = "weeks" }}]\n'
    )
    given = tmp_path / "rules.toml"
    given.write_text(rule.format(carried_by='carried_by = "independent_reviewing_officer"\n'))
    assert load_rules(given)["x"].carried_by == CarriedBy.INDEPENDENT_REVIEWING_OFFICER
    given.write_text(rule.format(carried_by=""))
    assert load_rules(given)["x"].carried_by == CarriedBy.ALLOCATED_WORKER
    given.write_text(rule.format(carried_by='carried_by = "the_social_worker"\n'))
    with pytest.raises(RulesFileError, match="'carried_by' must be one of allocated_worker, front_door"):
        load_rules(given)
