"""HTML to PDF through WeasyPrint: tagged (PDF/UA), with a title and the document's language, so a screen reader can
read it. One way for every PDF JoinedUp writes (the chronology, the partnership's yearly report)."""

from __future__ import annotations


def html_to_pdf(html: str, *, title: str, base_url: str | None = None) -> bytes:
    """The PDF of `html` (a whole document whose <title> is `title` and whose <html> names its language). Relative
    links are made absolute against `base_url`, so a reader of the file can follow them to the pages."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url)
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, custom_metadata=False)
    return bytes(pdf or b"")
