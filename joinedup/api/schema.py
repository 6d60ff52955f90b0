"""OpenAPI description of our authentication classes (drf-spectacular extensions)."""

from drf_spectacular.authentication import SessionScheme, TokenScheme


class VerifiedSessionScheme(SessionScheme):
    target_class = "joinedup.api.authentication.VerifiedSessionAuthentication"
    name = "verifiedSessionAuth"


class PartnerSystemTokenScheme(TokenScheme):
    """`Authorization: Token jup_…`: a partner system's token, issued by the administrator (ADR 0022)."""

    target_class = "joinedup.api.authentication.PartnerSystemTokenAuthentication"
    name = "partnerSystemToken"
