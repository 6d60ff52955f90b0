"""The chronology as a PDF through WeasyPrint: tagged (PDF/UA), with a title and the document's language, so a
screen reader can read it."""

from __future__ import annotations


def html_to_pdf(html: str, *, title: str) -> bytes:
    from weasyprint import HTML

    document = HTML(string=html)
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, custom_metadata=False)
    return bytes(pdf or b"")
