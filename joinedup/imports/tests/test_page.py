"""The administrator's page to bring in history (issue 20): only the administrator reaches it; a file is checked
first (a dry run: nothing written) and brought in only when confirmed; a rejected file lists every problem in a
table, behind an error summary, with HTTP 400; the page's queries do not grow with the imports listed."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from joinedup.imports.models import ImportRun
from joinedup.people.models import Person

from .conftest import DATA, table_counts

pytestmark = pytest.mark.django_db
PAGE = "/bring-in-history/"
CONFIRM = "/bring-in-history/confirm/"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def admin_client(admin: Any, client_for: Any) -> Client:
    return client_for("administrator")  # type: ignore[no-any-return]


def test_only_the_administrator_reaches_the_page(client_for: Any) -> None:
    assert client_for("social_worker").get(PAGE).status_code == 404
    assert client_for("team_manager").post(CONFIRM, {"token": "x"}).status_code == 404


def test_a_file_is_checked_then_brought_in_when_confirmed(admin_client: Client) -> None:
    page = admin_client.get(PAGE)
    assert page.status_code == 200 and "No history has been brought in yet." in page.content.decode()
    before = table_counts()
    checked = admin_client.post(
        PAGE, {"kind": "people", "upload": upload("people.csv", (DATA / "people.csv").read_bytes())}
    )
    html = checked.content.decode()
    assert checked.status_code == 200
    assert "Check what will be brought in" in html and "Nothing has been written yet." in html
    assert table_counts() == before
    token = admin_client.session["imports_pending"]["token"]
    done = admin_client.post(CONFIRM, {"token": token}, follow=True)
    html = done.content.decode()
    assert "people.csv is brought in: 10 records written" in html
    assert Person.objects.filter(family_name="Thornbury").count() == 2
    assert ImportRun.objects.get().run_by.username == "admin"
    # The check is used up: confirming again writes nothing more.
    again = admin_client.post(CONFIRM, {"token": token}, follow=True)
    assert "That check has expired or was already used" in again.content.decode()
    assert ImportRun.objects.count() == 1


def test_a_rejected_file_lists_every_problem_and_writes_nothing(admin_client: Client) -> None:
    lines = (DATA / "people.csv").read_text().splitlines()
    lines[2] = lines[2].replace("03/09/2019", "31/02/2019")
    lines[3] = lines[3].replace(",M,", ",X,")
    before = table_counts()
    response = admin_client.post(PAGE, {"kind": "people", "upload": upload("people.csv", "\n".join(lines).encode())})
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Bring in history" in html and "govuk-error-summary" in html
    assert "The file has 2 problems: nothing was written." in html
    assert "“31/02/2019” is not a date written DD/MM/YYYY" in html and "“X” is not M, F or U" in html
    assert table_counts() == before


def test_the_form_says_what_is_missing(admin_client: Client) -> None:
    response = admin_client.post(PAGE, {})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Select what you are bringing in" in html and "Choose the file to bring in" in html
    response = admin_client.post(PAGE, {"kind": "cin", "upload": [upload("a.xml", b"<x/>"), upload("b.xml", b"<x/>")]})
    assert response.status_code == 400
    assert "Choose one file: only an SSDA903 return has several" in response.content.decode()


def test_the_pages_queries_do_not_grow_with_the_imports_listed(
    admin_client: Client, admin: Any, django_assert_num_queries: Any
) -> None:
    def runs(n: int) -> None:
        for i in range(n):
            ImportRun.objects.create(kind="people", source_name=f"people-{i}.csv", run_by=admin)

    runs(1)
    admin_client.get(PAGE)  # the session and the navigation, warmed
    with django_assert_num_queries(8):
        assert admin_client.get(PAGE).status_code == 200
    runs(10)
    with django_assert_num_queries(8):
        assert "people-9.csv" in admin_client.get(PAGE).content.decode()


def test_an_ssda903_return_is_its_csv_files_uploaded_together(admin_client: Client) -> None:
    folder = DATA / "broken" / "ssda903_2026"
    files = [upload(path.name, path.read_bytes()) for path in sorted(folder.glob("*.csv"))]
    response = admin_client.post(PAGE, {"kind": "ssda903", "upload": files})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Problems in the SSDA903 return (11 files)" in html
    assert "“Q9” is not one of the DfE" in html
    assert not list(Path(tempfile.gettempdir()).glob("joinedup-import-*/Episodes.csv"))  # the upload is removed
