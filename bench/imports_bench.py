"""Bringing in history (issue 20, ADR 0028), on PostgreSQL (DATABASE_URL).

    .venv/bin/python bench/run.py --only imports                  # on the bench database (make bench)
    DATABASE_URL=postgres://... .venv/bin/python bench/imports_bench.py [--cin 25000] [--care 2500] [--keep-files]

It writes the files another case system would send, for an authority's year ending 31 March 2026, into a temporary
folder (never committed): a people file naming --cin children and a parent of each, a CIN census of those children
(an episode of need each, opened in the year, a third closed in it; an assessment each; a child in need plan for
half; a section 47 enquiry, initial conference and child protection plan with its review for one in ten) and an
SSDA903 return for --care of them (looked after from soon after referral, a third moving placement, real ONS
postcodes, reviews, a social worker episode with the bench's registered social worker, previous permanence). Then
it brings them in as `manage.py import_legacy` does (import_history: every row checked, the DfE's rules run on the
returns, matching, the history path, the links and the audit events), then runs each import again (nothing new).
All of it runs in one transaction that is rolled back at the end, so the bench database is left as it was.

import_history_cin_and_ssda903  The CIN census then the SSDA903 return brought in (after the people file), one
                            sample = the two. Target: p95 under 300 s (5 minutes) for 25,000 and 2,500 children.
import_history_people       The people file brought in (person matching, M5, for each person). Reported.
import_history_second_run   All three again, finding nothing new and writing nothing. Reported.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import report, setup_django

setup_django()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402

from joinedup.agencies.models import Organisation, OrganisationType, Practitioner  # noqa: E402
from joinedup.agencies.roles import Role  # noqa: E402
from joinedup.children_in_care.codes import URN_PLACEHOLDER  # noqa: E402
from joinedup.imports.services import import_history  # noqa: E402
from joinedup.returns import postcodes  # noqa: E402
from joinedup.returns.ssda903 import COLUMNS  # noqa: E402
from joinedup.timescales import engine  # noqa: E402

SEED = 20261208
YEAR = 2026
START, END = date(YEAR - 1, 4, 1), date(YEAR, 3, 31)
SW_ID = "SW990101"
ETHNICITIES = ["WBRI"] * 12 + ["WOTH", "MWBC", "AIND", "APKN", "BAFR", "BCRB", "CHNE", "OOTH"]
SOURCES = ["1A", "2A", "3A", "3B", "5A", "6", "6", "6", "8"]
NAMES = ["Ava", "Noah", "Leo", "Maya", "Isla", "Omar", "Zara", "Finn", "Ruby", "Kai", "Esme", "Ravi", "Nia", "Theo"]
SURNAMES = ["Ashdown", "Brierley", "Calloway", "Dunmore", "Elstow", "Farrant", "Garside", "Hollins", "Ivers", "Jessop"]


def uk(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def write_files(folder: Path, cin_children: int, care_children: int) -> tuple[Path, Path, Path]:
    rng = random.Random(SEED)
    authority = settings.JOINEDUP_AUTHORITY
    homes = postcodes.in_authority(str(authority["ons_code"]), tuple(authority["postcode_areas"]))
    people_rows = []
    children = []
    for n in range(cin_children):
        la = f"B{n:07d}"
        born = END - timedelta(days=rng.randint(400, 16 * 365))
        sex = rng.choice("MF")
        surname = f"{rng.choice(SURNAMES)}{n}"
        home = rng.choice(homes).postcode
        referred = START + timedelta(days=rng.randint(0, 270))
        children.append((la, born, sex, rng.choice(ETHNICITIES), referred, home))
        people_rows.append([f"C{n}", la, rng.choice(NAMES), surname, uk(born), sex, children[-1][3], "", "", "", home,
                            "", "", ""])  # fmt: skip
        parent_born = born - timedelta(days=rng.randint(20 * 365, 35 * 365))
        people_rows.append([f"A{n}", "", rng.choice(NAMES), surname, uk(parent_born), "F", children[-1][3], "", "", "",
                            home, f"C{n}", "mother", "Y"])  # fmt: skip
    people = folder / "people.csv"
    with people.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["person_ref", "la_child_id", "given_name", "family_name", "date_of_birth", "sex", "ethnicity",
                         "nhs_number", "upn", "address", "postcode", "related_to", "relationship",
                         "parental_responsibility"])  # fmt: skip
        writer.writerows(people_rows)

    care = children[:care_children]
    xml = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year>"
        "<ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel>"
        f"<LEA>{str(authority['dfe_code']).zfill(3)}</LEA><SoftwareCode>BenchSystem</SoftwareCode><Release>1</Release>"
        "<SerialNo>001</SerialNo><DateTime>2026-05-01T09:00:00</DateTime></Source></Header><Children>",
    ]
    for i, (la, born, sex, ethnicity, referred, _) in enumerate(children):
        looked_after = i < care_children
        protection = not looked_after and i % 10 == 3
        closed = None if looked_after or protection or i % 3 else referred + timedelta(days=rng.randint(60, 120))
        closed = closed if closed and closed <= END else None
        assessed = referred + timedelta(days=rng.randint(10, 30))
        parts = [
            f"<Child><ChildIdentifiers><LAchildID>{la}</LAchildID><PersonBirthDate>{born}</PersonBirthDate>"
            f"<Sex>{sex}</Sex></ChildIdentifiers><ChildCharacteristics><Ethnicity>{ethnicity}</Ethnicity>"
            "<Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics><CINdetails>"
            f"<CINreferralDate>{referred}</CINreferralDate><ReferralSource>{rng.choice(SOURCES)}</ReferralSource>"
            f"<PrimaryNeedCode>N{rng.randint(1, 8)}</PrimaryNeedCode>"
        ]
        if closed:
            parts.append(f"<CINclosureDate>{closed}</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>")
        s47 = referred + timedelta(days=1)
        icpc = s47 + timedelta(days=12)
        icpc += timedelta(days=(7 - icpc.weekday()) % 7 if icpc.weekday() >= 5 else 0)  # a conference on a weekday
        parts.append(
            f"<Assessments><AssessmentActualStartDate>{referred}</AssessmentActualStartDate>"
            f"<AssessmentAuthorisationDate>{assessed}</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment>"
            f"<AssessmentFactors>{rng.choice(['3A', '4B', '16A', '1B', '21'])}</AssessmentFactors>"
            "</FactorsIdentifiedAtAssessment></Assessments>"
        )
        if not looked_after and not protection and i % 2:
            end = f"<CINPlanEndDate>{closed}</CINPlanEndDate>" if closed else ""
            parts.append(f"<CINPlanDates><CINPlanStartDate>{assessed}</CINPlanStartDate>{end}</CINPlanDates>")
        if protection:
            target = engine.due_date("initial_child_protection_conference", s47)
            parts.append(
                f"<Section47><S47ActualStartDate>{s47}</S47ActualStartDate><InitialCPCtarget>{target}"
                f"</InitialCPCtarget><DateOfInitialCPC>{icpc}</DateOfInitialCPC><ICPCnotRequired>false"
                "</ICPCnotRequired></Section47>"
            )
        parts.append("<ReferralNFA>false</ReferralNFA>")
        if protection:
            review = icpc + timedelta(days=80)
            reviews = f"<Reviews><CPPreviewDate>{review}</CPPreviewDate></Reviews>" if review <= END else ""
            parts.append(
                f"<ChildProtectionPlans><CPPstartDate>{icpc}</CPPstartDate><InitialCategoryOfAbuse>NEG"
                "</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0"
                f"</NumberOfPreviousCPP>{reviews}</ChildProtectionPlans>"
            )
        parts.append("</CINdetails></Child>")
        xml.append("".join(parts))
    xml.append("</Children></Message>")
    census = folder / "cin_2026.xml"
    census.write_text("\n".join(xml), encoding="utf-8")

    returns = folder / "ssda903_2026"
    returns.mkdir()
    tables: dict[str, list[list[str]]] = {name: [] for name in COLUMNS if name != "DoLo"}
    for la, born, sex, ethnicity, referred, home in care:
        began = referred + timedelta(days=3)
        fourth = (
            born.replace(year=born.year + 4) if not (born.month == 2 and born.day == 29) else date(born.year + 4, 3, 1)
        )
        upn = "UN1" if fourth > date(START.year - 1, 8, 31) else "UN2"
        tables["Header"].append([la, sex, uk(born), ethnicity, upn, "0" if sex == "F" else "", ""])
        placement = rng.choice(homes).postcode
        moved = began + timedelta(days=60) if rng.random() < 0.33 and began + timedelta(days=60) <= END else None
        first_end = moved
        tables["Episodes"].append([la, uk(began), "S", "C2", "N1", "U4", "PR1", uk(first_end), "X1" if moved else "",
                                   "CARPL" if moved else "", home, placement, URN_PLACEHOLDER])  # fmt: skip
        if moved:
            tables["Episodes"].append([la, uk(moved), "P", "C2", "N1", "U6", "PR1", "", "", "", home,
                                       rng.choice(homes).postcode, URN_PLACEHOLDER])  # fmt: skip
        first_review = began + timedelta(days=20)
        for held in (first_review, first_review + timedelta(days=80)):
            if held <= END:
                age = (held - born).days // 365
                tables["Reviews"].append([la, uk(born), uk(held), "PN0" if age < 4 else "PN1"])
        tables["SWEpisodes"].append([la, uk(born), SW_ID, uk(began), "", "FCONTA"])
        tables["PrevPerm"].append([la, uk(born), "P4", "999", "ZZ/ZZ/ZZZZ"])
    for name, rows in tables.items():
        with (returns / f"{name}.csv").open("w", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(COLUMNS[name])
            writer.writerows(rows)
    return people, census, returns


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cin", type=int, default=25000, help="children in the CIN census")
    parser.add_argument("--care", type=int, default=2500, help="of them, children in the SSDA903 return")
    parser.add_argument("--keep-files", action="store_true", help="leave the generated files and print where")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="joinedup-imports-bench-"))
    try:
        people, census, returns = write_files(folder, args.cin, args.care)
        size = f"{args.cin:,} children in need, {args.care:,} looked after"
        with transaction.atomic():
            admin, _ = get_user_model().objects.get_or_create(username="imports.bench")
            la = Organisation.objects.filter(organisation_type=OrganisationType.LOCAL_AUTHORITY).first()
            if la is None:
                la = Organisation.objects.create(
                    name=settings.JOINEDUP_AUTHORITY["name"], organisation_type=OrganisationType.LOCAL_AUTHORITY
                )
            Practitioner.objects.update_or_create(
                user=admin,
                defaults={"given_name": "Imports", "family_name": "Bench", "role": Role.ADMINISTRATOR,
                          "organisation": la},
            )  # fmt: skip
            Practitioner.objects.filter(social_work_england_number=SW_ID).delete()
            Practitioner.objects.create(
                given_name="Bench", family_name="Worker", role=Role.SOCIAL_WORKER, organisation=la,
                social_work_england_number=SW_ID,
            )  # fmt: skip

            def timed(kind: str, source: Path) -> float:
                began = time.perf_counter()
                result = import_history(kind=kind, source=source, run_by=admin)
                elapsed = (time.perf_counter() - began) * 1000
                if not result.accepted:
                    by_field = Counter(p.field for p in result.problems)
                    print("\n".join(result.lines()[:20]), by_field.most_common(), sep="\n")
                    raise SystemExit(f"the bench's {kind} file was rejected")
                print(f"{kind}: {elapsed / 1000:.1f} s; " + ", ".join(f"{k} {v}" for k, v in result.created.items()))
                return elapsed

            people_ms = timed("people", people)
            both_ms = timed("cin", census) + timed("ssda903", returns)
            again_ms = timed("people", people) + timed("cin", census) + timed("ssda903", returns)
            report("import_history_people", [people_ms], data_size=f"{args.cin * 2:,} people")
            report("import_history_cin_and_ssda903", [both_ms], data_size=size)
            report("import_history_second_run", [again_ms], data_size=size)
            transaction.set_rollback(True)
    finally:
        if args.keep_files:
            print(f"The files are in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
