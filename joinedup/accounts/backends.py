"""Sign-in by username and password, without Django's database permissions.

Who may do what is decided only in joinedup/access/ (rules predicates). Django's ModelBackend would also grant
permissions from the auth_permission tables, a second, unaudited source of rights, and query them on every
refused check; this backend authenticates exactly as ModelBackend does and grants nothing.

A partner system's own account (ADR 0022) never signs in, whatever is done to its password: the system calls the
API with its token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and hasattr(user, "own_partner_system"):
            return None
        return user

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False
