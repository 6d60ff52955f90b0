"""Partner systems and their API tokens (issue 26, ADR 0022): the administrator registers a partner system, issues
its tokens, rotates and revokes them; each of these is audited, and so is every request a token authenticates.

Services write (one transaction, the permission checked before the first write, the audit events last); the
selectors at the end read. The secret of a token is in the `IssuedToken` a service returns, to be shown once; it is
never stored (accounts/tokens.py)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from joinedup.accounts.models import PartnerSystem, PartnerSystemToken
from joinedup.accounts.tokens import key_new
from joinedup.agencies.models import Organisation
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted

from .api_scopes import SCOPES, ApiScope
from .permissions import Permission
from .policy import has_permission

PARTNER_SYSTEM = PartnerSystem._meta.label_lower
API_TOKEN = PartnerSystemToken._meta.label_lower


@dataclass(frozen=True)
class IssuedToken:
    """A token just issued and its key, which is shown to the administrator this once and never again."""

    token: PartnerSystemToken
    key: str


def _require_administrator(actor: Any) -> None:
    if not has_permission(actor, Permission.MANAGE_PARTNER_SYSTEMS):
        raise NotFoundOrNotPermitted


def partner_system_register(
    *, actor: Any, name: str, organisation_id: int | None, acts_as_itself: bool, username: str = ""
) -> PartnerSystem:
    """Register a partner system of an organisation, acting through the named practitioner whose username is given
    (a practitioner of that organisation who signs in) or as the system itself, with an account of its own that
    has no usable password."""
    _require_administrator(actor)
    errors = FieldErrors()
    name = " ".join(name.split())
    if not name:
        errors.add("name", "Enter the name of the partner system", "name_required")
    elif PartnerSystem.objects.filter(name__iexact=name).exists():
        errors.add("name", "A partner system with this name is already registered", "name_taken")
    organisation = Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
    if organisation is None:
        errors.add("organisation", "Select the organisation the system belongs to", "organisation_required")
    user_model = get_user_model()
    acting_user = None
    if not acts_as_itself:
        username = username.strip()
        if not username:
            errors.add(
                "username", "Enter the username of the practitioner the system acts through", "username_required"
            )
        else:
            acting_user = (
                user_model.objects.filter(username=username, is_active=True).select_related("practitioner").first()
            )
            practitioner = getattr(acting_user, "practitioner", None) if acting_user is not None else None
            if practitioner is None:
                errors.add("username", "There is no active practitioner with this username", "no_such_practitioner")
            elif organisation is not None and practitioner.organisation_id != organisation.pk:
                errors.add(
                    "username",
                    f"This practitioner does not work for {organisation.name}",
                    "practitioner_in_another_organisation",
                )
    errors.raise_if_any()
    assert organisation is not None
    with transaction.atomic(), auditor.audit_last():
        account = None
        if acts_as_itself:
            account = user_model(username=_account_username(name), first_name=name[:150])
            account.set_unusable_password()
            account.save()
        system = PartnerSystem.objects.create(
            name=name,
            organisation=organisation,
            practitioner=acting_user.practitioner if acting_user is not None else None,  # type: ignore[union-attr]
            account=account,
            registered_by=actor,
        )
        auditor.audit_event_record(
            actor=actor, action=AuditAction.CREATED, object_type=PARTNER_SYSTEM, object_id=system.pk
        )
    return system


def _account_username(name: str) -> str:
    """A partner system's own account's username: readable where the audit trail shows it, and unique."""
    base = f"partner.{slugify(name)[:100] or 'system'}"
    user_model = get_user_model()
    username = base
    while user_model.objects.filter(username=username).exists():
        username = f"{base}-{secrets.token_hex(2)}"
    return username


def _expiry(expires_on: date | None, errors: FieldErrors, *, field: str = "expires_on") -> datetime | None:
    """The moment a token issued today with this expiry date stops working: the end of that day. Required, after
    today, and no later than the longest lifetime the settings allow."""
    today = timezone.localdate()
    longest = today + timedelta(days=settings.JOINEDUP_API_TOKEN_MAX_LIFETIME.days)
    if expires_on is None:
        errors.add(field, "Enter the date the token expires", "expiry_required")
        return None
    if expires_on <= today:
        errors.add(field, "The date the token expires must be in the future", "expiry_not_in_future")
        return None
    if expires_on > longest:
        errors.add(
            field,
            f"The date the token expires must be no later than {longest.day} {longest:%B %Y}"
            f" ({settings.JOINEDUP_API_TOKEN_MAX_LIFETIME.days} days from today)",
            "expiry_too_late",
        )
        return None
    return timezone.make_aware(datetime.combine(expires_on + timedelta(days=1), time.min))


def _scopes(codes: list[str], errors: FieldErrors) -> list[str]:
    known = {str(s) for s in SCOPES}
    chosen = [code for code in dict.fromkeys(codes) if code]
    if not chosen:
        errors.add("scopes", "Select what the token may do", "scopes_required")
    elif any(code not in known for code in chosen):
        errors.add("scopes", "Select only the scopes listed", "unknown_scope")
    return [str(ApiScope(code)) for code in chosen if code in known]


def _describe(scopes: list[str], expires_at: datetime) -> str:
    last_day = timezone.localtime(expires_at).date() - timedelta(days=1)
    return f"Scopes: {', '.join(scopes)}; expires at the end of {last_day.isoformat()}"


def _new_token(
    *, actor: Any, system: PartnerSystem, scopes: list[str], expires_at: datetime, replaces: PartnerSystemToken | None
) -> IssuedToken:
    new = key_new()
    token = PartnerSystemToken.objects.create(
        partner_system=system,
        prefix=new.prefix,
        salt=new.salt,
        secret_hash=new.secret_hash,
        scopes=scopes,
        issued_at=timezone.now(),
        issued_by=actor,
        expires_at=expires_at,
        replaces=replaces,
    )
    return IssuedToken(token=token, key=new.key)


def api_token_issue(*, actor: Any, partner_system_id: int, scopes: list[str], expires_on: date | None) -> IssuedToken:
    """Issue a token to a partner system, limited to `scopes`, working to the end of `expires_on`."""
    _require_administrator(actor)
    system = PartnerSystem.objects.filter(pk=partner_system_id).first()
    if system is None:
        raise NotFoundOrNotPermitted
    errors = FieldErrors()
    chosen = _scopes(scopes, errors)
    expires_at = _expiry(expires_on, errors)
    errors.raise_if_any()
    assert expires_at is not None
    with transaction.atomic(), auditor.audit_last():
        issued = _new_token(actor=actor, system=system, scopes=chosen, expires_at=expires_at, replaces=None)
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.API_TOKEN_ISSUED,
            object_type=API_TOKEN,
            object_id=issued.token.pk,
            reason=_describe(chosen, expires_at),
        )
    return issued


def api_token_rotate(*, actor: Any, token_id: int, expires_on: date | None) -> IssuedToken:
    """Replace a live token with a new one of the same partner system and scopes. The old one keeps working for the
    rotation overlap (or to its own expiry, if sooner), so the system can switch; revoke it to stop it at once."""
    _require_administrator(actor)
    errors = FieldErrors()
    expires_at = _expiry(expires_on, errors)
    errors.raise_if_any()
    assert expires_at is not None
    now = timezone.now()
    with transaction.atomic(), auditor.audit_last():
        old = (
            PartnerSystemToken.objects.select_for_update().filter(pk=token_id).select_related("partner_system").first()
        )
        if old is None or not old.is_live(now) or PartnerSystemToken.objects.filter(replaces=old).exists():
            raise NotFoundOrNotPermitted
        scopes = [str(s) for s in ApiScope if str(s) in old.scopes and s in SCOPES]
        issued = _new_token(actor=actor, system=old.partner_system, scopes=scopes, expires_at=expires_at, replaces=old)
        old.expires_at = min(old.expires_at, now + settings.JOINEDUP_API_TOKEN_ROTATION_OVERLAP)
        old.save(update_fields=["expires_at"])
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.API_TOKEN_ROTATED,
            object_type=API_TOKEN,
            object_id=issued.token.pk,
            reason=f"Replaces {old.display_prefix}, which stops at {old.expires_at.isoformat()}; "
            + _describe(scopes, expires_at),
        )
    return issued


def api_token_revoke(*, actor: Any, token_id: int, reason: str) -> PartnerSystemToken:
    """Stop a token at once, for good, with the reason."""
    _require_administrator(actor)
    reason = reason.strip()
    errors = FieldErrors()
    if not reason:
        errors.add("reason", "Say why the token is revoked", "reason_required")
    elif len(reason) > 500:
        errors.add("reason", "The reason must be 500 characters or fewer", "reason_too_long")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        token = PartnerSystemToken.objects.select_for_update().filter(pk=token_id, revoked_at__isnull=True).first()
        if token is None:
            raise NotFoundOrNotPermitted
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.revoked_reason = reason
        token.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.API_TOKEN_REVOKED,
            object_type=API_TOKEN,
            object_id=token.pk,
            reason=reason,
        )
    return token


def api_token_use_record(*, token: PartnerSystemToken, user: Any, method: str, endpoint: str) -> None:
    """A request this token authenticated: when the token was last used, and an audit event naming the user it acts
    as, the token (so the partner system) and the endpoint called (a method and a URL name, never the path or the
    query, which may carry personal data)."""
    with transaction.atomic(), auditor.audit_last():
        PartnerSystemToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        auditor.audit_event_record(
            actor=user,
            action=AuditAction.API_TOKEN_USED,
            object_type=API_TOKEN,
            object_id=token.pk,
            reason=f"{method} {endpoint}"[:200],
        )


# -- Reads -----------------------------------------------------------------------------------------------------------


def partner_systems_overview(*, actor: Any) -> QuerySet[PartnerSystem]:
    """Every partner system with its organisation, who it acts as, and its tokens, newest first."""
    if not has_permission(actor, Permission.MANAGE_PARTNER_SYSTEMS):
        return PartnerSystem.objects.none()
    return PartnerSystem.objects.select_related("organisation", "practitioner__user", "account").prefetch_related(
        Prefetch("tokens", queryset=PartnerSystemToken.objects.select_related("replaced_by"))
    )


def partner_system_get(*, actor: Any, partner_system_id: int) -> PartnerSystem:
    found = partner_systems_overview(actor=actor).filter(pk=partner_system_id).first()
    if found is None:
        raise NotFoundOrNotPermitted
    return found


def api_token_get(*, actor: Any, token_id: int, live: bool = False) -> PartnerSystemToken:
    """A token the administrator may act on; with `live`, only one not revoked, not expired and not yet replaced."""
    if not has_permission(actor, Permission.MANAGE_PARTNER_SYSTEMS):
        raise NotFoundOrNotPermitted
    token = (
        PartnerSystemToken.objects.select_related("partner_system__organisation", "replaced_by")
        .filter(pk=token_id)
        .first()
    )
    if token is None or (live and (not token.is_live(timezone.now()) or _replaced(token))):
        raise NotFoundOrNotPermitted
    return token


def _replaced(token: PartnerSystemToken) -> bool:
    try:
        return token.replaced_by is not None
    except PartnerSystemToken.DoesNotExist:
        return False


def organisations_for_partner_systems() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")
