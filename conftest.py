"""Shared test fixtures: named personas for every role (who is acting is always explicit)."""

pytest_plugins = ["joinedup.core.tests.personas"]
