"""Settings for `make bench`: the production settings, so timings include what production runs (DEBUG off,
the whole middleware stack, a required second factor, the database session store), with only what a benchmark
on one machine needs changed. bench/run.py points DJANGO_SETTINGS_MODULE here."""

import os
import secrets
import warnings

# Production refuses to start without a real secret; a benchmark has no secrets worth keeping, so each
# process makes its own unless one is given.
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + secrets.token_urlsafe(60))
# Sign-in notices (django-axes logs each force_login at INFO) would drown the figures.
os.environ.setdefault("JOINEDUP_LOG_LEVEL", "WARNING")
# No benchmark uploads a document, and this machine's ClamAV may have no signature database (freshclam needs the
# network): start as production would be told to, refusing uploads (issue 26).
os.environ.setdefault("JOINEDUP_START_WITHOUT_CLAMAV_DATABASE", "yes")

from joinedup.settings.production import *  # noqa: F403
from joinedup.settings.production import DATABASES, INSTALLED_APPS, STORAGES

# Benchmarks build their authorities with the synthetic generator (demo and test settings only, otherwise).
INSTALLED_APPS = [*INSTALLED_APPS, "joinedup.synthetic"]

if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Benchmarks run on PostgreSQL: set DATABASE_URL=postgres://...")

# The test client's host; pages are requested with secure=True, so production's HTTPS redirect stays on.
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# No collectstatic step: the same compressed storage without the manifest (asset URLs are not what is timed).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}}
warnings.filterwarnings("ignore", message="No directory at")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
