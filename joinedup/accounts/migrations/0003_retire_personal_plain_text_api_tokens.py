"""Retire the API tokens Django REST framework's authtoken app kept (ADR 0022).

They belonged to people's accounts, read children with no second factor, never expired, had no scope, and sat in the
database (and so in every backup) in plain text. They are revoked, not hashed in place: a secret already stored in
the clear may already be copied, and hashing it would keep it working; and a person's token is exactly what the
product no longer has. Partner systems are issued new tokens by the administrator (README, "API").

The authtoken app is no longer installed, so its table is not in this project's models: it is dropped here where it
exists (a database made before this change), after counting what it held. There is no way back: a revoked secret
is never restored."""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLE = "authtoken_token"


def retire(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if TABLE not in connection.introspection.table_names():
        return
    quoted = schema_editor.quote_name(TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # a constant table name
        (count,) = cursor.fetchone()
        cursor.execute(f"DROP TABLE {quoted}")
    if count:
        print(f"\n  Revoked {count} plain-text personal API token(s); issue partner systems new tokens.")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_partner_systems_and_their_api_tokens")]

    operations = [migrations.RunPython(retire, migrations.RunPython.noop, elidable=False)]
