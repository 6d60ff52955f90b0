"""What apps declare as data in a module of their own, found when Django starts (ADR 0020).

A reader in a higher layer (the chronology app, the oversight app) must not be imported by the apps that feed it,
and must not import them by name either: it would have to list every app, and forget the next one. Instead each app
declares what it gives in a module of an agreed name (``chronology.py``: ``CHRONOLOGY_SOURCES``, ``SUMMARY_SOURCES``;
``oversight.py``: ``SIGN_OFF_SOURCES``), and the reader asks for the declarations from its ``AppConfig.ready()``.
This is Django's ``autodiscover_modules`` (as the admin finds ``admin.py``), reading a declared list rather than
relying on an import's side effect, so nothing registers itself and a test can see exactly what was declared.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def declared(module: str, name: str) -> list[Any]:
    """The items of every installed app's ``<app>.<module>.<name>`` list, in INSTALLED_APPS order. An app without
    the module, or whose module does not declare `name`, gives nothing. An error inside a module is raised."""
    found: list[Any] = []
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, module):
            continue
        found.extend(getattr(import_module(f"{config.name}.{module}"), name, ()))
    return found
