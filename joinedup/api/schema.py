"""OpenAPI description of our authentication classes (drf-spectacular extensions)."""

from drf_spectacular.authentication import SessionScheme


class VerifiedSessionScheme(SessionScheme):
    target_class = "joinedup.api.authentication.VerifiedSessionAuthentication"
    name = "verifiedSessionAuth"
