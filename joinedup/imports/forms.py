"""The administrator's form to bring in history: what it is, and its file or files."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import ImportKind


class _Files(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """One or more files (an SSDA903 return is several)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _Files())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data] if data else one(None, initial)
        return [one(data, initial)]


SUFFIXES = {ImportKind.PEOPLE: ".csv", ImportKind.CIN: ".xml", ImportKind.SSDA903: ".csv"}


class HistoryImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you bringing in?",
        choices=[
            (ImportKind.PEOPLE, "People and their relationships (a CSV file, bring this in first)"),
            (ImportKind.CIN, "A children in need census return (its XML file)"),
            (ImportKind.SSDA903, "A children looked after return, SSDA903 (all its CSV files)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are bringing in"},
    )
    upload = FilesField(
        label="Files",
        help_text="One file for people or the census; every CSV file of the SSDA903 return. Nothing is written "
        "until you have checked the report and confirmed.",
        error_messages={"required": "Choose the file to bring in"},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind, files = data.get("kind"), data.get("upload")
        if not kind or not files:
            return data
        if kind != ImportKind.SSDA903 and len(files) > 1:
            self.add_error("upload", "Choose one file: only an SSDA903 return has several")
        suffix = SUFFIXES[ImportKind(kind)]
        if any(not f.name.lower().endswith(suffix) for f in files):
            self.add_error("upload", f"Choose {'files' if kind == ImportKind.SSDA903 else 'a file'} ending {suffix}")
        return data
