"""Production settings: a second factor for all, Argon2, HTTPS only, and no start with a default secret."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, secret: str | None) -> subprocess.CompletedProcess[str]:
    # A clean production environment: no secret unless given, and not the browser tests' async override.
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env["DJANGO_SETTINGS_MODULE"] = "joinedup.settings.production"
    env["JOINEDUP_START_WITHOUT_CLAMAV_DATABASE"] = "yes"  # this machine has no ClamAV signature database
    if secret is not None:
        env["DJANGO_SECRET_KEY"] = secret
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_passes_check_deploy_with_no_warnings() -> None:
    result = run_manage("check", "--deploy", secret=secrets.token_urlsafe(64))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret() -> None:
    result = run_manage("check", secret=None)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_demo_secret() -> None:
    from joinedup.settings import demo

    result = run_manage("check", secret=demo.SECRET_KEY)
    assert result.returncode != 0


def test_production_hashes_passwords_with_argon2_and_requires_a_second_factor() -> None:
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.PASSWORD_HASHERS[0]); "
        "print(s.JOINEDUP_SECOND_FACTOR_REQUIRED, s.JOINEDUP_DEMO_SKIPS_SECOND_FACTOR, s.DEBUG)",
        secret=secrets.token_urlsafe(64),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.contrib.auth.hashers.Argon2PasswordHasher", "True", "False", "False"]
