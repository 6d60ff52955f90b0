"""The demo: `make demo` on a laptop. SQLite under var/, printed logins may skip the second factor."""

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, INSTALLED_APPS, VAR_DIR

# The synthetic authority (its generator and command) is for the demo and the tests only: production never has it.
INSTALLED_APPS = [*INSTALLED_APPS, "joinedup.synthetic"]

VAR_DIR.mkdir(exist_ok=True)
SECRET_KEY = "demo-only-secret-key-never-used-in-production-0123456789abcdef"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
JOINEDUP_DEMO_SKIPS_SECOND_FACTOR = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY

# No real data here: ClamAV may fall back to the project's EICAR-only signature file when no database is installed.
CASE_RECORD_CLAMAV_TEST_SIGNATURES_ALLOWED = True
