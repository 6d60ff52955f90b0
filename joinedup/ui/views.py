from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/accessibility.html", {"title_text": "Accessibility statement – JoinedUp"})


def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the app and its database answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "ui/error.html",
        {
            "title_text": "Sorry, there is a problem with the request – JoinedUp",
            "heading": "Sorry, there is a problem with the request",
            "body": "Go back and try again.",
        },
        status=400,
    )


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "ui/error.html",
        {
            "title_text": "You cannot do that – JoinedUp",
            "heading": "You cannot do that",
            "body": "Your role does not allow this. If you think it should, ask your manager.",
        },
        status=403,
    )


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "ui/error.html",
        {
            "title_text": "Page not found – JoinedUp",
            "heading": "Page not found",
            "body": "If you typed the web address, check it is correct. If you "
            "followed a link to a record, you may not have access to it.",
        },
        status=404,
    )


def error_500(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "ui/error.html",
        {
            "title_text": "Sorry, there is a problem with the service – JoinedUp",
            "heading": "Sorry, there is a problem with the service",
            "body": "Try again later. Nothing you saved before this page has been lost.",
        },
        status=500,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "ui/error.html",
        {
            "title_text": "Your session has changed – JoinedUp",
            "heading": "Your session has changed",
            "body": "This form was open too long or in another tab. Go back, reload the page and submit it again.",
        },
        status=403,
    )
