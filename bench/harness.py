"""What every benchmark module shares: Django set up on the bench settings, percentiles, and the result line
bench/run.py reads.

A module reports a figure by printing one line `BENCH_RESULT {json}` with at least `figure`, `p50_ms`, `p95_ms`
and `samples` (see `report`); everything else it prints is passed through to the reader. Modules are plain
scripts: `bench/run.py` runs each `bench/*_bench.py` as `python bench/<name>_bench.py` with DATABASE_URL and
DJANGO_SETTINGS_MODULE=bench.settings set, after building the bench database.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
RESULT_PREFIX = "BENCH_RESULT "


def setup_django() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def signed_in_client(user: Any) -> Client:
    """A test client signed in as `user` with a verified second factor (a confirmed TOTP device's id in the session
    is what django-otp reads as verified), through the backend password sign-in uses (the first ModelBackend)."""
    from django.conf import settings
    from django.contrib.auth.backends import ModelBackend
    from django.test import Client
    from django.utils.module_loading import import_string
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Benchmark authenticator", confirmed=True)
    client = Client()
    backend = next(b for b in settings.AUTHENTICATION_BACKENDS if issubclass(import_string(b), ModelBackend))
    client.force_login(user, backend=backend)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def timed_gets(user: Any, url: Callable[[int], str], samples: int, warmup: int) -> tuple[list[float], list[int]]:
    """GET `url(n)` as `user` (signed in with a second factor) through the whole stack: `warmup` pages untimed, then
    `samples` pages, each timed (ms) and its SQL queries counted; every page must answer 200."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    with override_settings(ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS]):
        client = signed_in_client(user)
        queries = 0

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        for n in range(warmup):
            response = client.get(url(n), secure=True)
            assert response.status_code == 200, response.status_code
        timings: list[float] = []
        per_page: list[int] = []
        with connection.execute_wrapper(count):
            for n in range(samples):
                queries = 0
                started = time.perf_counter()
                response = client.get(url(n), secure=True)
                timings.append((time.perf_counter() - started) * 1000)
                per_page.append(queries)
                assert response.status_code == 200, response.status_code
    return timings, per_page


def percentile(values: Sequence[float], pct: float) -> float:
    """The nearest-rank percentile: the smallest value with at least pct% of the values at or below it."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no samples")
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def report(figure: str, samples_ms: Sequence[float], **extra: Any) -> dict[str, Any]:
    """Print a figure's summary for people and its result line for bench/run.py."""
    result = {
        "figure": figure,
        "p50_ms": round(percentile(samples_ms, 50), 2),
        "p95_ms": round(percentile(samples_ms, 95), 2),
        "max_ms": round(max(samples_ms), 2),
        "samples": len(samples_ms),
        # The machine may be shared: the 1-minute load average as the figure was taken puts it in context.
        "note_load_average": f"{os.getloadavg()[0]:.1f} (1 minute, {os.cpu_count()} CPUs) when measured",
        **extra,
    }
    print(
        f"{figure}: p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, "
        f"max {result['max_ms']:.1f} ms over {len(samples_ms)} samples"
    )
    print(RESULT_PREFIX + json.dumps(result, sort_keys=True), flush=True)
    return result
