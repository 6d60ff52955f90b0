"""The test suite: SQLite in memory unless DATABASE_URL points at PostgreSQL (CI does)."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS

# The synthetic authority (its generator and command) is for the demo and the tests only: production never has it.
INSTALLED_APPS = [*INSTALLED_APPS, "joinedup.synthetic"]

SECRET_KEY = "test-only-secret-key-never-used-in-production-0123456789abcdef"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
if not os.environ.get("DATABASE_URL"):
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
# Fast hashing for tests; production's Argon2 is asserted by a test of the production settings.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
# Tasks run at once, in the test's thread and transaction, so a test sees what a task did as soon as it is enqueued.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}

# No real data here: ClamAV may fall back to the project's EICAR-only signature file when no database is installed.
CASE_RECORD_CLAMAV_TEST_SIGNATURES_ALLOWED = True
