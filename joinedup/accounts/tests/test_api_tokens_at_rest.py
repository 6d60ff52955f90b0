"""A partner system's token at rest (issue 26, ADR 0022): the secret is never stored, only a prefix and a salted
hash; and the plain-text personal tokens of Django REST framework's authtoken app are retired by a migration."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.utils import timezone

from joinedup.access import partner_systems as services
from joinedup.access.factories import partner_system_token
from joinedup.accounts.models import PartnerSystemToken
from joinedup.accounts.tokens import KEY_PREFIX, key_new, key_parts, token_for_key
from joinedup.audit.models import AuditEvent
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db


def every_stored_text() -> str:
    """Every value of every row of every table, as text: what a copy of the database would hold."""
    tables = connection.introspection.table_names()
    values: list[str] = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the schema)
            values.extend(str(v) for row in cursor.fetchall() for v in row)
    return "\n".join(values)


def test_a_key_is_a_prefix_and_a_long_random_secret() -> None:
    new = key_new()
    assert new.key.startswith(KEY_PREFIX)
    parts = key_parts(new.key)
    assert parts is not None
    prefix, secret = parts
    assert prefix == new.prefix and len(prefix) == 12
    assert len(secret) >= 43  # 32 random bytes, base64
    expected = hmac.new(bytes.fromhex(new.salt), secret.encode(), hashlib.sha256).hexdigest()
    assert new.secret_hash == expected
    assert key_new().salt != new.salt  # a salt of its own for each token


def test_the_secret_is_nowhere_in_the_database(world: World) -> None:
    system = services.partner_system_register(
        actor=world.user("administrator"),
        name="Brookside Primary MIS",
        organisation_id=world.school.pk,
        acts_as_itself=False,
        username="school.dsl",
    )
    issued = services.api_token_issue(
        actor=world.user("administrator"),
        partner_system_id=system.pk,
        scopes=["children:read"],
        expires_on=timezone.localdate() + timedelta(days=90),
    )
    prefix, secret = key_parts(issued.key) or ("", "")
    stored = PartnerSystemToken.objects.get()
    assert stored.prefix == prefix and stored.secret_hash != secret
    everything = every_stored_text()
    assert secret not in everything
    assert issued.key not in everything
    assert prefix in everything  # the public part is kept, to find the token by
    assert AuditEvent.objects.filter(object_id=str(stored.pk)).exists()
    assert token_for_key(issued.key, now=timezone.now()) == stored


def test_token_for_key_refuses_what_is_not_a_live_token(world: World) -> None:
    token, key = partner_system_token(
        practitioner=world.police_officer, scopes=["children:read"], expires_in=timedelta(days=1)
    )
    now = token.issued_at
    assert token_for_key(key, now=now) == token
    assert token_for_key(key + "x", now=now) is None
    assert token_for_key(key, now=now + timedelta(days=1)) is None  # expired
    token.revoked_at = now
    token.save()
    assert token_for_key(key, now=now) is None


def test_the_migration_retires_the_plain_text_personal_tokens(world: World) -> None:
    """A database made before this change has Django REST framework's authtoken table, keys in plain text: the
    migration drops it (the tokens are revoked, not hashed; ADR 0022)."""
    retire = import_module("joinedup.accounts.migrations.0003_retire_personal_plain_text_api_tokens").retire
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, user_id bigint NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            ["9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", timezone.now(), world.user("school_dsl").pk],
        )
    assert "authtoken_token" in connection.introspection.table_names()
    # What the migration is given: the connection and how to quote a name (a schema editor proper cannot open inside
    # the test's transaction on SQLite).
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    retire(django_apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    assert "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b" not in every_stored_text()
    retire(django_apps, editor)  # nothing to do a second time, nor on a new database
