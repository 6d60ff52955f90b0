"""A broken file (bad dates, unknown codes, a child id given twice with different dates of birth, a file cut short)
is refused whole (issue 20): the command exits non-zero, lists every bad row with its file, line, field and reason,
and every table is exactly as it was. A dry run writes nothing either, and says what it would bring in."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from joinedup.imports.models import ImportedRecord, ImportRun
from joinedup.imports.services import import_history
from joinedup.returns.tests.conftest import requires_validators

from .conftest import DATA, table_counts

pytestmark = pytest.mark.django_db
BROKEN = DATA / "broken"


def run(*args: str) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("import_legacy", *args, stdout=out, stderr=StringIO())
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def test_a_census_with_bad_rows_lists_every_one_and_writes_nothing(admin: Any) -> None:
    call_command("import_legacy", "people", str(DATA / "people.csv"), "--as", "admin", stdout=StringIO())
    before = table_counts()
    out, error = run("cin", str(BROKEN / "cin_2026_bad_rows.xml"), "--as", "admin")
    assert error is not None and "nothing was written" in str(error)
    assert "cin_2026_bad_rows.xml, line 34 (child CH001): CINreferralDate: “2025-13-06” is not a date" in out
    assert "(child CH002): ReferralSource: “6Z” is not one of the DfE's codes for ReferralSource" in out
    assert (
        "(child CH001): PersonBirthDate: LA child id CH001 is given again with a different date of birth "
        "(line 21 has 2016-02-14)" in out
    )
    # The second CH001 is also not the child the people file named (another date of birth).
    assert "line 96 (child CH001): date of birth: the child's record has a different date of birth" in out
    assert "Rejected: 4 problems. Nothing was written." in out
    assert table_counts() == before


def test_a_census_cut_short_is_refused(admin: Any) -> None:
    before = table_counts()
    out, error = run("cin", str(BROKEN / "cin_2026_cut_short.xml"), "--as", "admin")
    assert error is not None
    assert "cin_2026_cut_short.xml, line" in out and "the file is not complete XML" in out
    assert table_counts() == before


def test_an_ssda903_return_with_bad_rows_lists_every_one_and_writes_nothing(admin: Any) -> None:
    call_command("import_legacy", "people", str(DATA / "people.csv"), "--as", "admin", stdout=StringIO())
    before = table_counts()
    out, error = run("ssda903", str(BROKEN / "ssda903_2026"), "--as", "admin")
    assert error is not None
    for expected in (
        "Header.csv, line 4 (child CH003): DOB: child CH003 is given again with a different date of birth",
        "Episodes.csv, line 2 (child CH003): DECOM: “31/02/2025” is not a date written DD/MM/YYYY",
        "Episodes.csv, line 3 (child CH003): PLACE: “Q9” is not one of the DfE's codes for PLACE",
        "Episodes.csv, line 4: row: has 4 values where the header has 13; is the file cut short?",
    ):
        assert expected in out
    assert table_counts() == before


def test_a_people_file_with_bad_rows_lists_every_one(admin: Any, tmp_path: Path) -> None:
    bad = tmp_path / "people.csv"
    lines = (DATA / "people.csv").read_text().splitlines()
    lines[1] = lines[1].replace("14/02/2016", "2016-02-14")
    lines[6] = lines[6].replace(",father,", ",uncle,")
    bad.write_text("\n".join(lines) + "\n")
    before = table_counts()
    out, error = run("people", str(bad), "--as", "admin")
    assert error is not None
    assert "people.csv, line 2 (child CH001): date_of_birth: “2016-02-14” is not a date written DD/MM/YYYY" in out
    assert "people.csv, line 7: relationship: “uncle” is not one of the relationship types" in out
    assert table_counts() == before


def test_a_dry_run_writes_nothing_and_says_what_it_would_bring_in(admin: Any) -> None:
    before = table_counts()
    out, error = run("people", str(DATA / "people.csv"), "--as", "admin", "--dry-run")
    assert error is None
    assert "Would bring in:" in out and "  People: 7" in out and "  Relationships: 3" in out
    assert "This was a dry run: nothing was written." in out
    assert table_counts() == before


@requires_validators
def test_a_census_of_children_nobody_has_named_is_refused(admin: Any) -> None:
    """The returns carry no names: a child no earlier import (or UPN) links to a record is reported, never created
    nameless."""
    before = table_counts()
    report = import_history(kind="cin", source=DATA / "cin_2026.xml", run_by=admin)
    assert [(p.line, p.field, p.child) for p in report.problems] == [
        (21, "LAchildID", "CH001"),
        (54, "LAchildID", "CH002"),
        (96, "LAchildID", "CH003"),
    ]
    assert "bring in the people file that names them first" in report.problems[0].reason
    assert table_counts() == before


def test_only_an_administrator_may_bring_in_history(world: Any) -> None:
    _, error = run("people", str(DATA / "people.csv"), "--as", world.social_worker.user.username)
    assert error is not None and "may not bring in history" in str(error)
    assert not ImportRun.objects.exists() and not ImportedRecord.objects.exists()


@requires_validators
def test_a_row_the_dfe_rules_reject_is_reported_like_any_other(admin: Any, tmp_path: Path) -> None:
    """The return is checked against the DfE's rules for its year: with no PrevPerm row for a child who started to
    be looked after in the year, rule 630 rejects the child's first episode."""
    call_command("import_legacy", "people", str(DATA / "people.csv"), "--as", "admin", stdout=StringIO())
    folder = tmp_path / "ssda903"
    shutil.copytree(DATA / "ssda903_2026", folder)
    (folder / "PrevPerm.csv").write_text("CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\n")
    before = table_counts()
    out, error = run("ssda903", str(folder), "--as", "admin")
    assert error is not None
    assert "Episodes.csv, line 2 (child CH003): DfE rule 630: Information on previous permanence option" in out
    assert table_counts() == before
