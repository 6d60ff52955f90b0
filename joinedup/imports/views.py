"""The administrator's page to bring in history (issue 20, ADR 0028): upload a file, see the same report the
command gives from a dry run, then confirm to bring it in. Thin: the service checks, writes and audits.

Between the check and the confirmation the upload waits in a temporary folder named in the session (never in a
form field the browser could change); confirming, or checking another file, removes it."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .forms import HistoryImportForm
from .models import ImportKind
from .selectors import import_runs_recent
from .services import ImportReport, import_history, save_upload

TITLE = "Bring in history"
_PENDING = "imports_pending"


def _forget(request: HttpRequest) -> None:
    pending = request.session.pop(_PENDING, None)
    if pending:
        shutil.rmtree(Path(pending["folder"]), ignore_errors=True)


def _page(
    request: HttpRequest, form: HistoryImportForm, *, report: ImportReport | None = None, status: int = 200
) -> HttpResponse:
    runs = import_runs_recent(actor=request.user)
    return render(
        request,
        "imports/history.html",
        {"form": form, "runs": runs, "report": report, "kinds": dict(ImportKind.choices)},
        status=status,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def history(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, HistoryImportForm())
    form = HistoryImportForm(request.POST, request.FILES)
    if not form.is_valid():
        import_runs_recent(actor=request.user)  # the permission, before saying anything about the form
        return _page(request, form, status=400)
    _forget(request)
    kind = form.cleaned_data["kind"]
    files = form.cleaned_data["upload"]
    source = save_upload(files, kind=kind)
    name = f"the SSDA903 return ({len(files)} files)" if kind == ImportKind.SSDA903 else source.name
    folder = source if source.is_dir() else source.parent
    try:
        report = import_history(kind=kind, source=source, run_by=request.user, dry_run=True, source_name=name)
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if not report.accepted or report.nothing_new:
        shutil.rmtree(folder, ignore_errors=True)
        return _page(request, HistoryImportForm(), report=report, status=400 if not report.accepted else 200)
    token = secrets.token_urlsafe(16)
    request.session[_PENDING] = {
        "token": token,
        "kind": kind,
        "source": str(source),
        "folder": str(folder),
        "name": name,
    }
    return render(request, "imports/history_check.html", {"report": report, "token": token})


@login_required
@never_cache
@require_http_methods(["POST"])
def history_confirm(request: HttpRequest) -> HttpResponse:
    pending: dict[str, Any] | None = request.session.get(_PENDING)
    if not pending or not secrets.compare_digest(pending["token"], request.POST.get("token", "")):
        import_runs_recent(actor=request.user)
        messages.error(request, "That check has expired or was already used: choose the file again")
        return redirect("imports:history")
    try:
        report = import_history(
            kind=pending["kind"], source=Path(pending["source"]), run_by=request.user, source_name=pending["name"]
        )
    finally:
        _forget(request)
    if not report.accepted:
        return _page(request, HistoryImportForm(), report=report, status=400)
    messages.success(request, f"{report.source} is brought in: {sum(report.created.values())} records written")
    return redirect("imports:history")
