from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from joinedup.audit.models import AuditEvent
from joinedup.case_record import services
from joinedup.case_record.models import Document
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(client: Any, child_id: int, name: str, content: bytes, content_type: str = "application/pdf") -> Any:
    return client.post(
        reverse("case_record:documents", args=[child_id]),
        {"title": "School report", "document_type": "report", "file": SimpleUploadedFile(name, content, content_type)},
    )


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


class TestUpload:
    def test_given_a_clean_pdf_when_uploaded_then_kept_outside_the_database_under_a_random_name(
        self, world: World, client_for: Any, document_root: Path
    ) -> None:
        response = _upload(client_for("social_worker"), world.allocated_child.pk, "report.pdf", PDF)
        assert response.status_code == 302
        document = Document.objects.get()
        stored = _files(document_root)
        assert len(stored) == 1 and stored[0].read_bytes() == PDF
        assert "report" not in stored[0].name and len(document.storage_name) >= 40
        assert document.scanned_with.startswith("ClamAV")
        assert AuditEvent.objects.filter(action="created", object_type="case_record.document").count() == 1

    def test_given_the_eicar_test_file_when_uploaded_then_refused_and_nothing_is_kept(
        self, world: World, client_for: Any, document_root: Path
    ) -> None:
        response = _upload(client_for("social_worker"), world.allocated_child.pk, "notes.txt", EICAR, "text/plain")
        assert response.status_code == 200
        html = response.content.decode()
        assert "There is a problem" in html and "contains a virus" in html and "EICAR" in html
        assert not Document.objects.exists()
        assert _files(document_root) == []

    def test_given_a_file_too_big_when_uploaded_then_refused(
        self, world: World, client_for: Any, settings: Any, document_root: Path
    ) -> None:
        settings.JOINEDUP_UPLOAD_MAX_BYTES = 1024
        response = _upload(client_for("social_worker"), world.allocated_child.pk, "big.pdf", PDF + b"0" * 2048)
        assert "must be smaller than 1KB" in response.content.decode()
        assert not Document.objects.exists() and _files(document_root) == []

    @pytest.mark.parametrize(
        ("name", "content"),
        [("run.exe", b"MZ\x90\x00binary"), ("report.pdf", b"MZ\x90\x00not really a pdf"), ("page.html", b"<html>")],
    )
    def test_given_a_wrongly_typed_file_when_uploaded_then_refused(
        self, world: World, client_for: Any, name: str, content: bytes
    ) -> None:
        response = _upload(client_for("social_worker"), world.allocated_child.pk, name, content)
        assert services.FILE_WRONG_TYPE in response.content.decode()
        assert not Document.objects.exists()

    def test_given_the_scanner_is_missing_when_uploaded_then_refused(
        self, world: World, client_for: Any, monkeypatch: Any, document_root: Path
    ) -> None:
        monkeypatch.setattr("joinedup.case_record.scanning.shutil.which", lambda name: None)
        response = _upload(client_for("social_worker"), world.allocated_child.pk, "report.pdf", PDF)
        assert services.SCANNER_DOWN in response.content.decode()
        assert not Document.objects.exists() and _files(document_root) == []


class TestDownload:
    def test_given_a_document_when_downloaded_then_served_and_audited_and_others_get_404(
        self, world: World, client_for: Any
    ) -> None:
        _upload(client_for("social_worker"), world.allocated_child.pk, "report.pdf", PDF)
        document = Document.objects.get()
        url = reverse("case_record:document", args=[world.allocated_child.pk, document.pk])
        response = client_for("social_worker").get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert AuditEvent.objects.filter(action="exported", object_type="case_record.document").count() == 1
        for other in ("school_dsl", "other_team_worker", "health_visitor"):
            assert client_for(other).get(url).status_code == 404
        wrong_child = reverse("case_record:document", args=[world.unallocated_child.pk, document.pk])
        assert client_for("front_door").get(wrong_child).status_code == 404
        assert AuditEvent.objects.filter(action="exported", object_type="case_record.document").count() == 1

    def test_given_a_text_document_when_downloaded_then_its_charset_is_stated(
        self, world: World, client_for: Any
    ) -> None:
        """ASVS 4.1.1: text was served with no charset, leaving the browser to guess."""
        _upload(client_for("social_worker"), world.allocated_child.pk, "notes.txt", "Visit notes: café".encode())
        document = Document.objects.get()
        url = reverse("case_record:document", args=[world.allocated_child.pk, document.pk])
        assert client_for("social_worker").get(url)["Content-Type"] == "text/plain; charset=utf-8"


class TestLimitsBeforeAnythingIsKept:
    """Issue 26, finding 7: the size was checked only after Django had written the upload to a temporary file, and
    a server with no ClamAV database scanned with a signature file that finds only EICAR."""

    def test_given_a_file_over_the_limit_then_it_is_stopped_before_any_handler_keeps_it(
        self, world: World, client_for: Any, settings: Any, document_root: Path, monkeypatch: Any
    ) -> None:
        from django.core.files.uploadhandler import TemporaryFileUploadHandler

        settings.JOINEDUP_UPLOAD_MAX_BYTES = 1024
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # everything would go to a temporary file on disk
        written: list[int] = []
        keep = TemporaryFileUploadHandler.receive_data_chunk

        def spy(self: Any, raw_data: bytes, start: int) -> Any:
            written.append(len(raw_data))
            return keep(self, raw_data, start)

        monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", spy)
        big = PDF + b"0" * (1024 * 1024)
        response = _upload(client_for("social_worker"), world.allocated_child.pk, "big.pdf", big)
        assert response.status_code == 200
        assert "must be smaller than 1KB" in response.content.decode()
        assert sum(written) == 0, "the temporary-file handler received part of a file over the limit"
        assert not Document.objects.exists() and _files(document_root) == []

    def test_given_no_clamav_database_outside_demo_and_tests_then_uploads_are_refused(
        self, world: World, client_for: Any, settings: Any, document_root: Path, monkeypatch: Any, tmp_path: Path
    ) -> None:
        from joinedup.case_record import scanning

        monkeypatch.setattr(scanning, "SYSTEM_DATABASE", tmp_path / "no-clamav")
        settings.CASE_RECORD_CLAMAV_DATABASE = ""
        settings.CASE_RECORD_CLAMAV_TEST_SIGNATURES_ALLOWED = False
        response = _upload(client_for("social_worker"), world.allocated_child.pk, "report.pdf", PDF)
        assert services.SCANNER_DOWN in response.content.decode()
        assert not Document.objects.exists() and _files(document_root) == []


def test_production_refuses_to_start_without_a_clamav_database(tmp_path: Path) -> None:
    import os
    import secrets
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[3]
    env = {k: v for k, v in os.environ.items() if k != "JOINEDUP_START_WITHOUT_CLAMAV_DATABASE"}
    env.update(
        DJANGO_SETTINGS_MODULE="joinedup.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        CASE_RECORD_CLAMAV_DATABASE=str(tmp_path / "empty"),
    )
    command = [sys.executable, "manage.py", "check"]
    refused = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603
    assert refused.returncode != 0 and "No ClamAV signature database" in refused.stderr
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "main.cvd").write_bytes(b"stand-in for freshclam's database")
    started = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603
    assert "No ClamAV signature database" not in started.stderr, started.stderr
