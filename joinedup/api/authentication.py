"""Who is calling the API: a partner system with its token, or a person in a browser session that has passed its
second factor. People hold no tokens (ADR 0022)."""

from __future__ import annotations

import logging
from typing import Any

from django.utils import timezone
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.request import Request

from joinedup.access.api_scopes import act_through_token, token_may_call
from joinedup.access.partner_systems import api_token_use_record
from joinedup.accounts.middleware import second_factor_satisfied
from joinedup.accounts.models import PartnerSystemToken
from joinedup.accounts.tokens import token_for_key

logger = logging.getLogger(__name__)

# One answer for a key that is malformed, unknown, wrong, expired or revoked: the caller learns nothing more.
REFUSED = "The token is not valid: it may be wrong, expired or revoked. Ask your administrator for a new one."


class PartnerSystemTokenAuthentication(BaseAuthentication):
    """`Authorization: Token jup_…`: a partner system's live token. The request is served as the user the system acts
    as (its named practitioner, or its own account), limited to the token's scopes: an endpoint none of them names
    answers 403 and a permission none of them gives is refused (access/api_scopes.py). Every request a token
    authenticates is audited as the token's use, with when it was last used."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, PartnerSystemToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(REFUSED)
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(REFUSED) from None
        token = token_for_key(key, now=timezone.now())
        system = token.partner_system if token is not None else None
        user = system.acting_user() if system is not None else None
        if token is None or system is None or user is None or not user.is_active or not _acts_for(system):
            logger.info("API token refused")  # no key, no prefix: nothing to replay or to guess from
            raise AuthenticationFailed(REFUSED)
        match = request._request.resolver_match
        endpoint = match.url_name if match is not None and match.namespace == "api" else None
        api_token_use_record(token=token, user=user, method=request.method or "", endpoint=f"api:{endpoint}")
        if not token_may_call(token.scopes, request.method or "", endpoint):
            raise PermissionDenied("This token's scopes do not include this endpoint.")
        act_through_token(user, token.scopes)
        return user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


def _acts_for(system: Any) -> bool:
    """A system acting through a practitioner who has since moved to another organisation acts for nobody."""
    practitioner = system.practitioner
    return practitioner is None or practitioner.organisation_id == system.organisation_id


class VerifiedSessionAuthentication(SessionAuthentication):
    """A browser session counts only once its second factor is satisfied, exactly as for the pages
    (accounts/middleware.py): a password alone reaches nothing in the API."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        if not second_factor_satisfied(request._request):
            return None
        return result
