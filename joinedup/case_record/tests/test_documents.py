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
        settings.CASE_RECORD_DOCUMENT_MAX_BYTES = 1024
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
