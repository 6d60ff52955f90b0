"""Bring in history (issue 20, M35; ADR 0028): one service for the command line (`manage.py import_legacy`) and the
administrator's page, so both give the same report.

An import reads and checks every row (dates, the DfE's codes, a child id given twice with different dates of
birth, a file cut short), then checks the return against the DfE's rules for its collection year with the
validators the returns use (a row they reject is reported like any other), then finds each child's record (LA
child id, UPN, NHS number, then person matching, M5). On any problem it lists every one (file, line, field,
reason) and writes nothing. Otherwise it writes the history in one transaction through the history path
(history.py), links every row to its file and line, and audits each as the imports system actor's work with the
person who ran it named (ADR 0018). A dry run does all of that and rolls it back, so it reports exactly what a
real run would write; a run that finds nothing new writes nothing at all, not even itself."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, transaction

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.agencies.models import Practitioner
from joinedup.audit.services import audit_events_record
from joinedup.core.actors import system_actor
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.people.codes import FatherStatus, Sex
from joinedup.people.matching import MatchQuery
from joinedup.people.models import ChildProfile, Person
from joinedup.people.selectors import person_match_candidates
from joinedup.records import services as records
from joinedup.returns.validation import Failure, ValidatorsUnavailable
from joinedup.returns.validation import cin as cin_rules
from joinedup.returns.validation import ssda903 as ssda903_rules
from joinedup.returns.years import collection_year, supported_years

from . import cin, history, people, ssda903
from .models import ImportedRecord, ImportKind, ImportRun
from .problems import Problem, Problems

# A person in a people file is taken to be someone already recorded when person matching (M5) scores them this
# high with the same date of birth: the name matches or is very like, and the date of birth is the same.
SAME_PERSON_SCORE = 85
AUDIT_BATCH = 2000

Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    kind: str
    source: str
    dry_run: bool
    problems: list[Problem] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    records: int = 0  # children (or people) in the file
    matched: int = 0  # of those, already recorded
    year: int | None = None
    not_brought_in: list[str] = field(default_factory=list)
    checked_by: list[str] = field(default_factory=list)
    run_id: int | None = None

    @property
    def accepted(self) -> bool:
        return not self.problems

    @property
    def nothing_new(self) -> bool:
        return self.accepted and not any(self.created.values())

    def lines(self) -> list[str]:
        """The report in plain words, one line each (the command prints these; the page shows the same)."""
        what = dict(ImportKind.choices)[self.kind]
        out = [f"{what}: {self.source}" + (f" (collection year ending 31 March {self.year})" if self.year else "")]
        if self.problems:
            count = len(self.problems)
            out.append(f"Rejected: {count} problem{'' if count == 1 else 's'}. Nothing was written.")
            out.extend(f"  {p}" for p in self.problems)
            return out
        out.append(f"{self.records} in the file; {self.matched} already recorded.")
        if self.nothing_new:
            out.append("Nothing new: everything in it was brought in before. Nothing was written.")
        else:
            verb = "Would bring in" if self.dry_run else "Brought in"
            out.append(f"{verb}:")
            out.extend(f"  {name}: {count}" for name, count in sorted(self.created.items()) if count)
            if self.dry_run:
                out.append("This was a dry run: nothing was written.")
        if self.not_brought_in:
            out.append("Read and checked but not brought in (not yet supported): " + ", ".join(self.not_brought_in))
        if self.checked_by:
            out.append("Checked against: " + "; ".join(self.checked_by))
        return out


def import_history(
    *,
    kind: str,
    source: Path,
    run_by: Any,
    dry_run: bool = False,
    year: int | None = None,
    progress: Progress | None = None,
    source_name: str = "",
) -> ImportReport:
    """Bring in a CIN census XML file, an SSDA903 return's folder of CSV files, or a people CSV file.
    `source_name` is what the report and the run call it (the file's or folder's name unless given)."""
    if not has_permission(run_by, Permission.IMPORT_HISTORY):
        raise NotFoundOrNotPermitted
    if kind not in ImportKind.values:
        raise ValueError(kind)
    report = ImportReport(kind=kind, source=source_name or source.name, dry_run=dry_run)
    problems = Problems()
    if kind == ImportKind.CIN:
        plan: _Plan = _plan_cin(source, problems, report)
    elif kind == ImportKind.SSDA903:
        plan = _plan_ssda903(source, problems, report, year)
    else:
        plan = _plan_people(source, problems, report)
    if problems:
        report.problems = problems.items
        return report
    _write(plan, report, run_by, dry_run, progress, problems)
    report.problems = problems.items
    return report


# -- reading and checking ----------------------------------------------------------------------------------------


@dataclass
class _Plan:
    kind: str
    file: str
    items: list[tuple[Any, Person | None]]  # each child's (or person's) rows and the record they match
    year: int | None = None
    write: Callable[[history.Writer, Any, Person], None] | None = None
    line_of: Callable[[Any], int | None] = lambda item: None


def _plan_cin(source: Path, problems: Problems, report: ImportReport) -> _Plan:
    try:
        content = source.read_bytes()
    except OSError as error:
        problems.add(source.name, None, "file", f"cannot be read ({error.strerror})")
        return _Plan(ImportKind.CIN, source.name, [])
    parsed = cin.parse(content, source.name, problems)
    report.year = parsed.year
    report.records = len(parsed.children)
    if parsed.year is not None and parsed.year not in supported_years("cin"):
        problems.add(source.name, None, "Year", _unsupported("cin", parsed.year))
    if not problems and parsed.year is not None:
        lines = {c.la_child_id: c.line for c in parsed.children}
        try:
            checked = cin_rules.validate_xml(content, collection_year("cin", parsed.year))
        except ValidatorsUnavailable as error:
            problems.add(source.name, None, "the DfE's rules", str(error))
        else:
            report.checked_by = checked.checked_by
            _rejected(problems, checked.errors, lambda f: (source.name, lines.get(f.child)))
    items = _match_children(
        [(c, c.la_child_id, c.upn, c.date_of_birth, c.line) for c in parsed.children], source.name, problems
    )
    return _Plan(ImportKind.CIN, source.name, items, parsed.year, _write_cin, lambda c: c.line)


def _plan_ssda903(source: Path, problems: Problems, report: ImportReport, year: int | None) -> _Plan:
    paths = sorted(source.glob("*.csv")) if source.is_dir() else []
    if not paths:
        problems.add(source.name, None, "folder", "holds no CSV files (an SSDA903 return is a folder of them)")
        return _Plan(ImportKind.SSDA903, source.name, [])
    parsed = ssda903.parse(paths, problems)
    report.records = len(parsed.children)
    report.not_brought_in = parsed.not_brought_in
    year = year or _latest_year(parsed)
    report.year = year
    if year is not None and year not in supported_years("ssda903"):
        problems.add(source.name, None, "year", _unsupported("ssda903", year))
    for child in parsed.children:
        _check_care(child, parsed, problems)
    if not problems and year is not None:
        try:
            checked = ssda903_rules.validate_files(parsed.files, collection_year("ssda903", year), parsed.tables)
        except ValidatorsUnavailable as error:
            problems.add(source.name, None, "the DfE's rules", str(error))
        else:
            report.checked_by = checked.checked_by

            def where(f: Failure) -> tuple[str, int | None]:
                table = f.table if f.table in parsed.file_of else "Header"
                return parsed.file_of.get(table, source.name), parsed.first_line.get((table, f.child))

            _rejected(problems, checked.errors, where)
    items = _match_children(
        [(c, c.child, c.upn, c.date_of_birth, c.line) for c in parsed.children],
        parsed.file_of.get("Header", source.name),
        problems,
    )
    social_workers = _social_workers(parsed, problems)

    def write(w: history.Writer, child: ssda903.CareChild, person: Person) -> None:
        _write_care(w, child, person, social_workers.get(child.child, []))

    return _Plan(ImportKind.SSDA903, source.name, items, year, write, lambda c: c.line)


def _social_workers(
    parsed: ssda903.CareReturn, problems: Problems
) -> dict[str, list[tuple[int, Practitioner, date, date | None, str]]]:
    """Each child's social worker episodes with the practitioner recorded with that SW_ID (their Social Work
    England registration number); an SW_ID nobody is recorded with is reported (add the practitioner first)."""
    ids = {sw_id for c in parsed.children for _, sw_id, _, _, _ in c.social_workers}
    known = {p.social_work_england_number: p for p in Practitioner.objects.filter(social_work_england_number__in=ids)}
    found: dict[str, list[tuple[int, Practitioner, date, date | None, str]]] = {}
    for child in parsed.children:
        for line, sw_id, started, ended, reason in child.social_workers:
            practitioner = known.get(sw_id)
            if practitioner is None:
                problems.add(
                    parsed.file_of.get("SWEpisodes", ""), line, "SW_ID", "no practitioner is recorded with this Social "
                    "Work England registration number: add them before bringing in history", child.child,
                )  # fmt: skip
                continue
            found.setdefault(child.child, []).append((line, practitioner, started, ended, reason))
    return found


def _plan_people(source: Path, problems: Problems, report: ImportReport) -> _Plan:
    try:
        content = source.read_bytes()
    except OSError as error:
        problems.add(source.name, None, "file", f"cannot be read ({error.strerror})")
        return _Plan(ImportKind.PEOPLE, source.name, [])
    rows = people.parse(content, source.name, problems)
    report.records = len(rows)
    items: list[tuple[Any, Person | None]] = []
    claimed: dict[int, str] = {}
    for row in rows:
        person = _match_person(row, source.name, problems)
        if person is not None:
            if person.pk in claimed and claimed[person.pk] != row.ref:
                problems.add(
                    source.name,
                    row.line,
                    "person_ref",
                    f"matches the same person already recorded as {claimed[person.pk]} does",
                    row.la_child_id,
                )
            claimed[person.pk] = row.ref
        items.append((row, person))
    return _Plan(ImportKind.PEOPLE, source.name, items, None, None, lambda r: r.line)


def _unsupported(kind: str, year: int) -> str:
    years = ", ".join(str(y) for y in supported_years(kind))
    return f"the collection year ending 31 March {year} is not one JoinedUp knows the rules for (it knows {years})"


def _rejected(
    problems: Problems, failures: Iterable[Failure], where: Callable[[Failure], tuple[str, int | None]]
) -> None:
    for f in failures:
        file, line = where(f)
        detail = f" ({'; '.join(f.fields)})" if f.fields else ""
        problems.add(file, line, f"DfE rule {f.rule}", f"{f.message}{detail}", f.child)


def _latest_year(parsed: ssda903.CareReturn) -> int | None:
    days: list[date] = []
    for child in parsed.children:
        for e in child.episodes:
            days.append(e.ended_on or e.started_on)
        days.extend(r[1] for r in child.reviews)
    if not days:
        return None
    latest = max(days)
    return latest.year + 1 if latest.month >= 4 else latest.year


def _check_care(child: ssda903.CareChild, parsed: ssda903.CareReturn, problems: Problems) -> None:
    """What the history path needs that the DfE's rules may not catch: every review in a period of care."""
    spans = [(p[0].started_on, p[-1].ended_on) for p in history._periods(child.episodes)]
    for line, held, _ in child.reviews:
        if not any(start <= held and (end is None or held <= end) for start, end in spans):
            problems.add(
                parsed.file_of.get("Reviews", ""), line, "REVIEW", "is not within a period of care", child.child
            )


def _linked_people(keys: list[str]) -> dict[str, int]:
    person_type = ContentType.objects.get_for_model(Person)
    found: dict[str, int] = {}
    for chunk in _chunks(keys, 900):
        found.update(
            ImportedRecord.objects.filter(content_type=person_type, source_key__in=chunk).values_list(
                "source_key", "object_id"
            )
        )
    return found


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _match_children(
    children: list[tuple[Any, str, str, date | None, int]], file: str, problems: Problems
) -> list[tuple[Any, Person | None]]:
    """Each child's record, by the LA child id an earlier import linked to it, else their UPN. The returns carry
    no names, so person matching cannot find them: a child neither finds is reported (bring in the people file,
    which names them, first)."""
    linked = _linked_people([f"child:{la}" for _, la, _, _, _ in children])
    upns = [upn for _, _, upn, _, _ in children if upn]
    by_upn: dict[str, int] = {}
    for chunk in _chunks(upns, 900):
        by_upn.update(ChildProfile.objects.filter(upn__in=chunk).values_list("upn", "person_id"))
    ids = set(linked.values()) | set(by_upn.values())
    persons: dict[int, Person] = {}
    for chunk in _chunks(sorted(ids), 900):
        persons.update({p.pk: p for p in Person.objects.filter(pk__in=chunk).select_related("child_profile")})
    items: list[tuple[Any, Person | None]] = []
    for child, la, upn, born, line in children:
        pk = linked.get(f"child:{la}") or by_upn.get(upn)
        person = persons.get(pk) if pk else None
        if person is None:
            problems.add(
                file, line, "LAchildID", "no child with this LA child id or UPN is recorded: bring in the people "
                "file that names them first (docs/imports.md)", la,
            )  # fmt: skip
        elif born and person.date_of_birth and person.date_of_birth != born:
            problems.add(
                file, line, "date of birth", "the child's record has a different date of birth", la
            )  # fmt: skip
        items.append((child, person))
    return items


def _match_person(row: people.PersonRow, file: str, problems: Problems) -> Person | None:
    """LA child id (linked by an earlier import), UPN, NHS number, then person matching (M5): one record scoring
    SAME_PERSON_SCORE or more with the same date of birth. Two or more such records are reported."""
    key = f"child:{row.la_child_id}" if row.la_child_id else f"person:{row.ref}"
    pk = _linked_people([key]).get(key)
    if pk is None and row.upn:
        pk = ChildProfile.objects.filter(upn=row.upn.upper()).values_list("person_id", flat=True).first()
    if pk is None and row.nhs_number:
        pk = Person.objects.filter(nhs_number=row.nhs_number).values_list("pk", flat=True).first()
    if pk is None:
        query = MatchQuery(
            given_name=row.given_name,
            family_name=row.family_name,
            date_of_birth=row.date_of_birth,
            postcode=row.postcode,
        )
        strong = [
            m.person_id
            for m in person_match_candidates(query=query)
            if m.score >= SAME_PERSON_SCORE and row.date_of_birth is not None
        ]
        if strong:
            same_birth = set(
                Person.objects.filter(pk__in=strong, date_of_birth=row.date_of_birth).values_list("pk", flat=True)
            )
            strong = [p for p in strong if p in same_birth]
        if len(strong) > 1:
            problems.add(
                file, row.line, "person_ref", f"is like {len(strong)} people already recorded: find the right "
                "record in JoinedUp and give its NHS number or UPN in the file", row.la_child_id,
            )  # fmt: skip
            return None
        pk = strong[0] if strong else None
    return Person.objects.select_related("child_profile").filter(pk=pk).first() if pk else None


# -- writing -------------------------------------------------------------------------------------------------------


def _known_keys(kind: str) -> set[str]:
    prefixes = {
        "cin": ("cin:", "child:"),
        "ssda903": ("ssda903:", "child:"),
        "people": ("child:", "person:", "people:"),
    }
    keys: set[str] = set()
    for prefix in prefixes[kind]:
        keys.update(ImportedRecord.objects.filter(source_key__startswith=prefix).values_list("source_key", flat=True))
    return keys


def _write(
    plan: _Plan, report: ImportReport, run_by: Any, dry_run: bool, progress: Progress | None, problems: Problems
) -> None:
    actor = system_actor("imports")
    with transaction.atomic():
        try:
            chair = history.history_practitioner()
        except history.NoAuthorityOrganisation as error:
            problems.add(plan.file, None, "authority", f"{error}: add it before bringing in history")
            return
        run = ImportRun.objects.create(
            kind=plan.kind,
            source_name=report.source,
            run_by=run_by,
            collection_year=plan.year,
            children=len(plan.items),
        )
        w = history.Writer(run=run, file=plan.file, run_by=run_by, known_keys=_known_keys(plan.kind), chair=chair)
        people_by_ref: dict[str, Person] = {}
        total = len(plan.items)
        for done, (item, person) in enumerate(plan.items, start=1):
            try:
                with transaction.atomic():
                    if plan.kind == ImportKind.PEOPLE:
                        people_by_ref[item.ref] = _write_person(w, item, person)
                    else:
                        assert person is not None and plan.write is not None
                        report.matched += 1
                        plan.write(w, item, person)
            except (IntegrityError, DatabaseError) as error:
                problems.add(
                    plan.file,
                    plan.line_of(item),
                    "record",
                    "conflicts with what JoinedUp already holds for this person and could not be written "
                    f"({_constraint(error)})",
                    getattr(item, "la_child_id", "") or getattr(item, "child", ""),
                )
            if progress is not None:
                progress(done, total)
        if plan.kind == ImportKind.PEOPLE and not problems:
            report.matched = sum(1 for _, person in plan.items if person is not None)
            _write_relationships(w, plan, people_by_ref)
        report.created = dict(w.created)
        if problems or dry_run or not any(w.created.values()):
            transaction.set_rollback(True)
            return
        run.created = dict(w.created)
        run.save(update_fields=["created", "updated_at"])
        ImportedRecord.objects.bulk_create(w.links, batch_size=AUDIT_BATCH)
        for chunk in _chunks(w.events, AUDIT_BATCH):
            audit_events_record(actor=actor, events=chunk)
        report.run_id = run.pk


def _constraint(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:160]


def _write_cin(w: history.Writer, child: cin.CinChild, person: Person) -> None:
    _fill_in(w, person, child.la_child_id, child.line, child.sex, child.date_of_birth, child.ethnicity, child.upn)
    if child.disabilities:
        records.person_history_update(person=person, details=records.PersonDetails(disabilities=child.disabilities))
    history.write_cin_child(w, child, person)


def _write_care(
    w: history.Writer,
    child: ssda903.CareChild,
    person: Person,
    social_workers: list[tuple[int, Practitioner, date, date | None, str]],
) -> None:
    _fill_in(w, person, child.child, child.line, child.sex, child.date_of_birth, child.ethnicity, child.upn)
    if child.is_mother and not person.is_young_parent:
        person.is_young_parent = True
        person.save(update_fields=["is_young_parent", "updated_at"])
    history.write_care_child(w, child, person, social_workers)


def _fill_in(
    w: history.Writer,
    person: Person,
    la: str,
    line: int,
    sex: str,
    born: date | None,
    ethnicity: str,
    upn: str,
) -> None:
    w.link_person(person, key=f"child:{la}", line=line)
    records.person_history_update(
        person=person,
        details=records.PersonDetails(
            family_name=person.family_name, sex=sex, date_of_birth=born, ethnicity=ethnicity or "NOBT"
        ),
        upn=upn,
    )


def _write_person(w: history.Writer, row: people.PersonRow, person: Person | None) -> Person:
    key = f"child:{row.la_child_id}" if row.la_child_id else f"person:{row.ref}"
    details = records.PersonDetails(
        given_name=row.given_name,
        family_name=row.family_name,
        date_of_birth=row.date_of_birth,
        sex=row.sex or Sex.UNKNOWN,
        nhs_number=row.nhs_number,
        ethnicity=row.ethnicity,
        address=row.address,
        postcode=row.postcode,
    )
    if person is not None:
        records.person_history_update(person=person, details=details, upn=row.upn)
        w.link_person(person, key=key, line=row.line)
        return person
    child = None
    if row.is_child:
        child = records.ChildDetails(
            upn=row.upn,
            father_status=FatherStatus.NOT_KNOWN,
            father_not_known_reason="Not recorded in the history brought in from the previous case system",
        )
    created = records.person_history_record(details=details, child=child)
    w.wrote(created, key=key, line=row.line, child_id=created.pk if child else None)
    return created


def _write_relationships(w: history.Writer, plan: _Plan, people_by_ref: dict[str, Person]) -> None:
    for row, _ in plan.items:
        for line, to_ref, kind, responsibility in row.relationships:
            key = f"people:relationship:{row.ref}:{to_ref}:{kind}"
            if w.seen(key) or to_ref not in people_by_ref:
                continue
            to_person = people_by_ref[to_ref]
            relationship = records.relationship_history_record(
                from_person=people_by_ref[row.ref],
                to_person=to_person,
                relationship_type=kind,
                has_parental_responsibility=responsibility,
            )
            if relationship is not None:
                child_id = to_person.pk if to_person.is_child_record else None
                w.wrote(relationship, key=key, line=line, child_id=child_id)
                if kind == "father" and child_id is not None:
                    ChildProfile.objects.filter(person_id=child_id, father_status=FatherStatus.NOT_KNOWN).update(
                        father_status=FatherStatus.RECORDED, father_not_known_reason=""
                    )


def save_upload(files: list[Any], *, kind: str) -> Path:
    """Uploaded files (the page's) written to a temporary folder the import reads: the CIN census or people file
    itself, or for SSDA903 the folder of its CSV files."""
    folder = Path(tempfile.mkdtemp(prefix="joinedup-import-"))
    for upload in files:
        name = Path(upload.name).name
        with (folder / name).open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
    if kind == ImportKind.SSDA903:
        return folder
    return folder / Path(files[0].name).name
