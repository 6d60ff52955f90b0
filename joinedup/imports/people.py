"""Reading a people export (CSV, the column layout in docs/imports.md) into people and their relationships,
checking every row. Nothing is written here."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from joinedup.people.codes import Ethnicity, RelationshipType, Sex
from joinedup.people.identifiers import nhs_number_is_valid, normalise_nhs_number, upn_is_valid

from .problems import Problems, parse_uk

COLUMNS = (
    "person_ref",
    "la_child_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "nhs_number",
    "upn",
    "address",
    "postcode",
    "related_to",
    "relationship",
    "parental_responsibility",
)
REQUIRED = ("person_ref", "family_name")
YES_NO = {"Y": True, "N": False, "": False}


@dataclass
class PersonRow:
    ref: str
    line: int
    la_child_id: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    sex: str
    ethnicity: str
    nhs_number: str
    upn: str
    address: str
    postcode: str
    relationships: list[tuple[int, str, str, bool]] = field(default_factory=list)  # line, to ref, type, PR

    @property
    def is_child(self) -> bool:
        return bool(self.la_child_id)

    def details(self) -> tuple[object, ...]:
        return (
            self.la_child_id,
            self.given_name,
            self.family_name,
            self.date_of_birth,
            self.sex,
            self.ethnicity,
            self.nhs_number,
            self.upn,
            self.address,
            self.postcode,
        )


def parse(content: bytes, file: str, problems: Problems) -> list[PersonRow]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add(file, None, "file", "is not text in UTF-8")
        return []
    reader = csv.reader(io.StringIO(text))
    header = [c.strip().lower() for c in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        problems.add(file, 1, "columns", "the file has no column " + ", ".join(missing) + " (see docs/imports.md)")
        return []
    people: dict[str, PersonRow] = {}
    children: dict[str, str] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.add(file, line, "row", f"has {len(cells)} values where the header has {len(header)}")
            continue
        row = {h: c.strip() for h, c in zip(header, cells, strict=True)}
        ref = row["person_ref"]

        def bad(name: str, reason: str, row: dict[str, str] = row, line: int = line) -> None:
            problems.add(file, line, name, reason, row.get("la_child_id", ""))

        for name in REQUIRED:
            if not row[name]:
                bad(name, "is missing")
        dob = None
        if row["date_of_birth"]:
            try:
                dob = parse_uk(row["date_of_birth"])
            except ValueError:
                bad("date_of_birth", f"“{row['date_of_birth']}” is not a date written DD/MM/YYYY")
        sex = row["sex"] or Sex.UNKNOWN
        if sex not in Sex.values:
            bad("sex", f"“{sex}” is not M, F or U")
        ethnicity = row["ethnicity"] or Ethnicity.NOBT
        if ethnicity not in Ethnicity.values:
            bad("ethnicity", f"“{ethnicity}” is not one of the DfE's ethnicity codes")
        nhs = normalise_nhs_number(row["nhs_number"]) if row["nhs_number"] else ""
        if nhs and not nhs_number_is_valid(nhs):
            bad("nhs_number", "is not a valid NHS number (its check digit is wrong)")
        if row["upn"] and not upn_is_valid(row["upn"]):
            bad("upn", "is not a valid unique pupil number")
        if row["la_child_id"]:
            earlier = children.get(row["la_child_id"])
            if earlier is not None and earlier != ref:
                bad("la_child_id", f"is given to two people ({earlier} and {ref})")
            children[row["la_child_id"]] = ref
        person = PersonRow(
            ref=ref,
            line=line,
            la_child_id=row["la_child_id"],
            given_name=row["given_name"],
            family_name=row["family_name"],
            date_of_birth=dob,
            sex=sex,
            ethnicity=ethnicity,
            nhs_number=nhs,
            upn=row["upn"],
            address=row["address"],
            postcode=row["postcode"],
        )
        earlier_person = people.get(ref)
        if earlier_person is not None and earlier_person.details() != person.details():
            reason = f"person {ref} is given again with different details (line {earlier_person.line})"
            if earlier_person.date_of_birth != person.date_of_birth:
                reason = f"person {ref} is given again with a different date of birth (line {earlier_person.line})"
            bad("person_ref", reason)
        target = people.setdefault(ref, person)
        if row["related_to"] or row["relationship"]:
            kind = row["relationship"]
            if kind not in RelationshipType.values:
                bad("relationship", f"“{kind}” is not one of the relationship types (see docs/imports.md)")
            if not row["related_to"]:
                bad("related_to", "a relationship needs the person it is to")
            if row["related_to"] == ref:
                bad("related_to", "a person cannot be related to themselves")
            pr = row["parental_responsibility"].upper()
            if pr not in YES_NO:
                bad("parental_responsibility", f"“{pr}” is not Y or N")
            target.relationships.append((line, row["related_to"], kind, YES_NO.get(pr, False)))
    for person in people.values():
        for line, to_ref, _, _ in person.relationships:
            if to_ref and to_ref not in people:
                problems.add(file, line, "related_to", f"no person {to_ref} in the file", person.la_child_id)
    return list(people.values())
