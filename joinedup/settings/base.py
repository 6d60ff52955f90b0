"""Settings shared by every environment. Environment files (demo, test, production) override them."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"
NODE_MODULES = BASE_DIR / "node_modules"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    # Long work off the web processes (issue 16): Django's task framework (backport) and its database backend.
    "django_tasks",
    "django_tasks_db",
    "joinedup.core",
    "joinedup.ui",
    "joinedup.accounts",
    "joinedup.agencies",
    "joinedup.people",
    "joinedup.records",
    "joinedup.access",
    "joinedup.audit",
    "joinedup.timescales",
    "joinedup.harms",
    "joinedup.prompts",
    "joinedup.tasks",
    "joinedup.episodes",
    "joinedup.front_door",
    "joinedup.api",
    "joinedup.children_in_care",
    "joinedup.care_leavers",
    "joinedup.returns",
    "joinedup.imports",
    "joinedup.insight",
    "joinedup.partnership",
    "joinedup.case_record",
    "joinedup.visits",
    "joinedup.sharing",
    "joinedup.child_protection",
    "joinedup.assessments",
    "joinedup.family_help",
    "joinedup.oversight",
    "joinedup.chronology",
    "joinedup.learning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "joinedup.core.middleware.RequestIdMiddleware",
    "joinedup.core.middleware.NoStoreWhenSignedInMiddleware",
    "joinedup.core.middleware.RefuseTraceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "joinedup.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "joinedup.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "joinedup.urls"
WSGI_APPLICATION = "joinedup.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "joinedup.ui.jinja2env.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "joinedup.records.context_processors.service",
            ],
        },
    },
    {
        # Django's own template engine, used only by the REST framework's browsable pages.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

# DATABASE_URL selects the database everywhere; the default is the embedded SQLite database under var/.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'joinedup.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "joinedup.accounts.backends.PasswordBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "records:home"

# Sign-in: a second factor (TOTP) for every account unless a setting says otherwise (demo only).
JOINEDUP_SECOND_FACTOR_REQUIRED = True
JOINEDUP_DEMO_SKIPS_SECOND_FACTOR = False
OTP_TOTP_ISSUER = "JoinedUp"

# Lockout after repeated failures (django-axes): five failures lock the account being guessed, and five from
# one browser on one address lock that browser (password spraying), without locking a whole office behind NAT.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "user_agent"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "username", "token"]

# Sessions end after 30 minutes without activity.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions also end, however active, 10 hours after signing in (accounts/middleware.py: SessionLifetimeMiddleware):
# a long shift, with time to finish a visit's notes, then the password and the security code again. It bounds how
# long a stolen or forgotten session is any use, and how long someone who has left or changed role keeps one.
JOINEDUP_SESSION_ABSOLUTE_LIFETIME = timedelta(hours=10)
# An administrator's one-time link to set up a first authenticator app lasts 72 hours (a weekend), then a new one
# must be issued. It works once, for the user it was issued to.
JOINEDUP_ENROLMENT_LINK_LIFETIME = timedelta(hours=72)
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/assets/"
STATIC_ROOT = VAR_DIR / "static"
# GOV.UK Frontend's compiled CSS refers to its fonts and images under /assets/, so its assets folder is the
# root of ours; the CSS and JavaScript sit under /assets/govuk/.
STATICFILES_DIRS = [
    NODE_MODULES / "govuk-frontend" / "dist" / "govuk" / "assets",
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    # GOV.UK Frontend compiled with our settings (Helvetica/Arial, not GDS Transport) by `make install`.
    ("build", VAR_DIR / "build"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token first: its "WWW-Authenticate: Token" makes a request with no credentials a 401, not a 403.
        "joinedup.api.authentication.PartnerSystemTokenAuthentication",
        "joinedup.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "joinedup.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
# The largest file anyone may upload (documents on a child's record). `SizeLimitedUploadHandler` stops a file at
# this size before Django's own handlers keep it in memory or write it to a temporary file.
JOINEDUP_UPLOAD_MAX_BYTES = int(os.environ.get("JOINEDUP_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = [
    "joinedup.core.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# ClamAV's signature database: production uses the one `freshclam` keeps under /var/lib/clamav (or the one named
# here). The project's own signature file, which detects only the EICAR test file, is allowed only where there is
# no real data (the demo and the tests); anywhere else a missing database refuses every upload, and production
# refuses to start (see settings/production.py).
CASE_RECORD_CLAMAV_DATABASE = os.environ.get("CASE_RECORD_CLAMAV_DATABASE", "")
CASE_RECORD_CLAMAV_TEST_SIGNATURES_ALLOWED = False
# Flash messages live in the session, not in a cookie of their own: a message can name a child.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SPECTACULAR_SETTINGS = {
    "TITLE": "JoinedUp API",
    "DESCRIPTION": "Records a partner system needs, scoped to what the caller may see and audited.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The schema maps every endpoint and field: only a signed-in, verified caller (or a partner system's
    # token) may read it, through the API's own authentication classes.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Choice sets whose field name another choice set shares ("outcome"), named for what they are.
    "ENUM_NAME_OVERRIDES": {"SeriousIncidentOutcomeEnum": "joinedup.learning.models.IncidentOutcome"},
}

# Content security policy: only our own assets; the one inline script GOV.UK's template needs carries a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # NONCE makes django-csp put this request's 'nonce-…' in the header ("'nonce'" alone matches nothing).
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}


# The task queue (ADR 0017): tasks are rows in the database (SQLite in the demo, PostgreSQL in production), run by
# `manage.py db_worker`. No other service.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Periodic tasks: each is enqueued once a day, at or after its local time, by `manage.py run_periodic_tasks`, and run
# by the worker. A task is declared with @task in the tasks.py of the app that owns the work, takes `today` (an ISO
# date: the day it was scheduled for) as a keyword, and is listed here by its dotted path.
JOINEDUP_PERIODIC_TASKS = [
    # Plans of children who turned 18, died or moved away end first, so their clocks are not notified.
    {"task": "joinedup.child_protection.tasks.child_protection_daily", "at": "00:30"},
    # The personal adviser's contact clocks of young people whose leaving care support ended are withdrawn.
    {"task": "joinedup.care_leavers.tasks.care_leavers_daily", "at": "00:45"},
    {"task": "joinedup.timescales.tasks.notify_deadlines", "at": "06:00"},
    # What a member of the public typed into a report they never sent is kept a day, no longer.
    {"task": "joinedup.front_door.tasks.front_door_daily", "at": "01:00"},
]

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("JOINEDUP_FROM_EMAIL", "joinedup@localhost")

# The authority this deployment serves. Configuration, not code: override with environment variables.
JOINEDUP_AUTHORITY = {
    "name": os.environ.get("JOINEDUP_AUTHORITY_NAME", "Leeds City Council"),
    "dfe_code": os.environ.get("JOINEDUP_AUTHORITY_DFE_CODE", "383"),
    "ons_code": os.environ.get("JOINEDUP_AUTHORITY_ONS_CODE", "E08000035"),
    "postcode_areas": os.environ.get("JOINEDUP_AUTHORITY_POSTCODE_AREAS", "LS").split(","),
}

# The DfE's validation rules for the statutory returns (issue 17) run in their own Python environment, built by
# `make install` from requirements-validators.lock; set this to wherever that environment is when it is elsewhere.
JOINEDUP_DFE_VALIDATORS = Path(os.environ.get("JOINEDUP_DFE_VALIDATORS", str(BASE_DIR / ".venv-validators")))
# Seconds one run of the validators may take before it is stopped and reported.
JOINEDUP_DFE_VALIDATORS_TIMEOUT = int(os.environ.get("JOINEDUP_DFE_VALIDATORS_TIMEOUT", "600"))

# Break-glass access lasts this long before it must be asked for again.
JOINEDUP_BREAK_GLASS_DURATION = timedelta(hours=4)
# Repeated break-glass is flagged to the reviewer (on the review list and in the email): more than 3 by one person
# within 30 days. Break-glass is for an emergency with a child the practitioner does not work with (an out-of-hours
# call, a child at the front desk), which one practitioner meets a few times a month at most; a fourth in a month
# suggests either work that should be allocated to them (an involvement, not an emergency) or browsing.
JOINEDUP_BREAK_GLASS_REPEAT_LIMIT = 3
JOINEDUP_BREAK_GLASS_REPEAT_PERIOD = timedelta(days=30)

# Partner systems' API tokens (ADR 0022): every token expires, at most this long after it is issued; a rotated
# token keeps working this long (or to its own expiry, if sooner) so the partner system can switch to the new one.
JOINEDUP_API_TOKEN_MAX_LIFETIME = timedelta(days=365)
JOINEDUP_API_TOKEN_ROTATION_OVERLAP = timedelta(hours=24)

# Application logs carry ids and event names only; the filter below scrubs anything that looks like personal
# data that a third-party library might log (request bodies, query strings).
_LOG_HANDLERS = {
    "console": {
        "class": "logging.StreamHandler",
        "formatter": "safe",
        "filters": ["no_personal_data"],
    }
}
# The access-controlled error store: whole tracebacks of logged exceptions, one file each, readable by the
# service's user alone. Without it, the log keeps only each exception's type, place and request id.
if os.environ.get("JOINEDUP_ERROR_STORE_DIR"):
    _LOG_HANDLERS["error_store"] = {
        "()": "joinedup.core.logging.ErrorStoreHandler",
        "directory": os.environ["JOINEDUP_ERROR_STORE_DIR"],
    }
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "joinedup.core.logging.PersonalDataFilter"}},
    "formatters": {
        "safe": {
            "()": "joinedup.core.logging.SafeFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
        }
    },
    "handlers": _LOG_HANDLERS,
    "root": {"handlers": list(_LOG_HANDLERS), "level": os.environ.get("JOINEDUP_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
CSRF_FAILURE_VIEW = "joinedup.ui.views.csrf_failure"
