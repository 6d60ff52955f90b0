"""Shared test fixtures: named personas for every role (who is acting is always explicit); on PostgreSQL, planner
statistics that do not change under a test's feet."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytest_plugins = ["joinedup.core.tests.personas"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Turn autovacuum off for every table of the test database (PostgreSQL only).

    Each test writes inside a transaction it rolls back, so an autovacuum that runs during a test sees none of the
    test's rows: it records the table as empty (reltuples 0 over its pages), and the planner then expects one row
    where a synthetic authority holds thousands and picks a nested loop over sequential scans, making a
    millisecond query take seconds. Whether that happens depended on when autovacuum woke; one CI run read 3,000
    case summaries at several seconds each and never finished. With autovacuum off the planner's picture changes
    only when the suite asks (the synthetic generator ANALYZEs what it wrote), so a run plans the same way every
    time. The tables are small and the run short, so the dead rows left unvacuumed cost little."""
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                tables = [name for (name,) in cursor.fetchall()]
                for table in tables:
                    cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} SET (autovacuum_enabled = false)")
    yield


@pytest.fixture
def every_app_migrated_afterwards(transactional_db: None) -> Iterator[None]:
    """For a test that migrates an app back to an earlier migration and forward again: afterwards every app is at
    its latest migration, whatever the test migrated to or however it ended. A test that went forward only to the
    migration it was about left any later one of that app unapplied for the rest of the suite (on PostgreSQL, where
    the test database is kept: CI failed with a column missing that child protection's next migration adds)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
