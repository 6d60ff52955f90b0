"""The synthetic authority ships with the demo and the tests only (issue 16)."""

from __future__ import annotations

from joinedup.settings import base, demo, test


def test_the_synthetic_app_is_installed_in_the_demo_and_the_tests_but_not_in_the_settings_production_shares() -> None:
    assert "joinedup.synthetic" not in base.INSTALLED_APPS
    assert "joinedup.synthetic" in demo.INSTALLED_APPS
    assert "joinedup.synthetic" in test.INSTALLED_APPS
