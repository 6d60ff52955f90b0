"""Care leavers' tests share the children in care fixtures (a fixed "today", starting care through the services)."""

from joinedup.children_in_care.tests.conftest import start_care, today

__all__ = ["start_care", "today"]
