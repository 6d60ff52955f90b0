"""Uploads are limited before they are written anywhere.

Django's own handlers keep a small upload in memory and write a larger one to a temporary file as it arrives, so a
size check after parsing comes after the disk write. `SizeLimitedUploadHandler` runs first: it refuses a request
whose declared length is over the limit, and stops any file at the limit, before the chunks reach the handlers that
keep them. The refused field is noted on the request (`uploads_too_big`) so the form can say why."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

# A multipart body carries the form's other fields and part headers besides the file itself.
MULTIPART_ALLOWANCE = 64 * 1024


def upload_max_bytes() -> int:
    return int(settings.JOINEDUP_UPLOAD_MAX_BYTES)


def uploads_too_big(request: HttpRequest) -> frozenset[str]:
    """The names of the file fields the handler refused for size in this request."""
    return frozenset(getattr(request, "uploads_too_big", ()))


class SizeLimitedUploadHandler(FileUploadHandler):
    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        self.request_too_big = content_length > upload_max_bytes() + MULTIPART_ALLOWANCE
        return None

    def new_file(
        self, field_name: str, file_name: str, content_type: str, content_length: int | None, *args: Any, **kwargs: Any
    ) -> None:
        super().new_file(field_name, file_name, content_type, content_length, *args, **kwargs)
        self.received = 0
        if getattr(self, "request_too_big", False) or (content_length or 0) > upload_max_bytes():
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > upload_max_bytes():
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _refuse(self) -> None:
        refused = set(getattr(self.request, "uploads_too_big", ()))
        refused.add(self.field_name)
        self.request.uploads_too_big = refused  # type: ignore[union-attr]
        raise SkipFile
