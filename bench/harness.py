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
from collections.abc import Sequence
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
