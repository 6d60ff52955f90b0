"""Production: everything from the environment, HTTPS only, a second factor for every account."""

import os

from django.core.exceptions import ImproperlyConfigured

from joinedup.case_record.scanning import real_database

from .base import *  # noqa: F403
from .base import CASE_RECORD_CLAMAV_DATABASE, STORAGES

_KNOWN_DEFAULTS = {"", "change-me", "demo-only-secret-key-never-used-in-production-0123456789abcdef"}
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if SECRET_KEY in _KNOWN_DEFAULTS or SECRET_KEY.startswith(("demo-only", "test-only")) or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters; JoinedUp will not start "
        "with a default or missing secret."
    )

DEBUG = False
JOINEDUP_SECOND_FACTOR_REQUIRED = True
JOINEDUP_DEMO_SKIPS_SECOND_FACTOR = False

SECURE_SSL_REDIRECT = True
# An API client that calls over plain HTTP is refused, not redirected: a redirect would already have sent its
# token and body in the clear, and would teach it that this works.
SECURE_REDIRECT_EXEMPT = [r"^api/"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_USE_TLS = True

# A server where `freshclam` never ran must not accept uploads as if they had been scanned: refuse to start
# without a real ClamAV signature database, unless told to start anyway (every upload is then refused).
_START_WITHOUT_CLAMAV = os.environ.get("JOINEDUP_START_WITHOUT_CLAMAV_DATABASE", "") == "yes"
if not _START_WITHOUT_CLAMAV and real_database(CASE_RECORD_CLAMAV_DATABASE) is None:
    raise ImproperlyConfigured(
        "No ClamAV signature database: run freshclam (Debian's clamav-freshclam) so /var/lib/clamav holds one, or "
        "set CASE_RECORD_CLAMAV_DATABASE. To start anyway and refuse every upload, set "
        "JOINEDUP_START_WITHOUT_CLAMAV_DATABASE=yes."
    )
