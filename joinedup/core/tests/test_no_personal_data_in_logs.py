"""No personal data in application logs (M36): drive the journeys that touch a child's record with every
logger at DEBUG, and look for the child's details in everything the configured log handler wrote."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from joinedup.core.logging import PersonalDataFilter, scrub
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db

NAME, SURNAME, NHS, POSTCODE = "Tamsin", "Featherstonehaugh", "943 476 5919", "LS6 2AB"


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    handler = next(h for h in root.handlers if any(isinstance(f, PersonalDataFilter) for f in h.filters))
    stream = io.StringIO()
    old_stream = handler.setStream(stream)  # type: ignore[attr-defined]
    old_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.setLevel(old_level)
        handler.setStream(old_stream)  # type: ignore[attr-defined]


def test_journeys_on_a_childs_record_log_no_personal_data(
    world: World, client_for: Any, client: Any, log_output: io.StringIO
) -> None:
    front_door = client_for("front_door")
    front_door.post(
        "/children/new/",
        {
            "is_unborn": "no",
            "given_name": NAME,
            "family_name": SURNAME,
            "date_of_birth_0": "9",
            "date_of_birth_1": "4",
            "date_of_birth_2": "2018",
            "sex": "F",
            "nhs_number": NHS,
            "ethnicity": "WBRI",
            "special_educational_needs": "none",
            "father_status": "not_known",
            "father_not_known_reason": "Not said",
            "postcode": POSTCODE,
        },
    )
    front_door.post("/people/search/", {"given_name": NAME, "family_name": SURNAME, "nhs_number": NHS})
    from joinedup.people.models import Person

    child = Person.objects.get(family_name=SURNAME)
    front_door.get(f"/children/{child.pk}/")
    front_door.get(f"/api/v1/children/{child.pk}/")
    client_for("police_officer").get(f"/children/{child.pk}/")  # refused: 404, logged as a warning
    client.post("/sign-in/", {"username": "front.door", "password": "wrong-password"})  # failed sign-in
    client.get(f"/children/{child.pk}/?name={SURNAME}&dob=2018-04-09&postcode={POSTCODE}")
    written = log_output.getvalue()
    assert written, "the journeys should have logged something (requests, sign-in attempts)"
    for secret in (NAME, SURNAME, NHS, NHS.replace(" ", ""), "2018-04-09", POSTCODE, "front.door"):
        assert secret.lower() not in written.lower(), f"{secret!r} reached the logs"


def test_scrub_removes_query_strings_numbers_dates_postcodes_and_emails() -> None:
    text = "GET /children/5/?name=Smith 9434765919 2018-04-09 LS6 2AB jo@example.org from 192.168.4.20"
    scrubbed = scrub(text)
    for secret in ("Smith", "9434765919", "2018-04-09", "LS6 2AB", "jo@example.org", "192.168.4.20"):
        assert secret not in scrubbed
    assert "/children/5/" in scrubbed


class _RecordHolder(Exception):
    pass


def test_an_exception_carrying_personal_data_logs_only_its_type_place_and_request_id(
    log_output: io.StringIO, tmp_path: Any
) -> None:
    """The filter used to scrub `exc_text` before the formatter filled it, so a traceback went out verbatim."""
    from joinedup.core.logging import ErrorStoreHandler
    from joinedup.core.requestcontext import new_request_id, set_request_id

    store = ErrorStoreHandler(str(tmp_path / "errors"))
    logger = logging.getLogger("joinedup.tests.exception")
    logger.addHandler(store)
    rid = new_request_id()
    try:
        try:
            child_name = f"{NAME} {SURNAME}"  # a local value the traceback would show
            raise _RecordHolder(f"{child_name} NHS {NHS} born 27 March 2016 (2016-03-27) at {POSTCODE}")
        except _RecordHolder:
            logger.exception("Saving the record failed")
    finally:
        logger.removeHandler(store)
        set_request_id("-")
    written = log_output.getvalue()
    assert "Saving the record failed" in written
    assert "_RecordHolder" in written
    assert "test_an_exception_carrying_personal_data_logs_only_its_type_place_and_request_id:" in written
    assert rid in written
    for secret in (NAME, SURNAME, NHS, NHS.replace(" ", ""), "27 March 2016", "2016-03-27", POSTCODE, "child_name"):
        assert secret.lower() not in written.lower(), f"{secret!r} reached the logs"
    (kept,) = list((tmp_path / "errors").iterdir())
    assert kept.stat().st_mode & 0o077 == 0, "the error store must be readable by its owner alone"
    assert SURNAME in kept.read_text() and rid in kept.read_text()


def test_scrub_removes_written_dates_and_dashed_nhs_numbers() -> None:
    scrubbed = scrub("born 7th Sept 2015, also 27 March 2016 and 27.03.2016; NHS 943-476-5919")
    for secret in ("7th Sept 2015", "27 March 2016", "27.03.2016", "943-476-5919"):
        assert secret not in scrubbed
