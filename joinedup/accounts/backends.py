"""Sign-in by username and password, without Django's database permissions.

Who may do what is decided only in joinedup/access/ (rules predicates). Django's ModelBackend would also grant
permissions from the auth_permission tables, a second, unaudited source of rights, and query them on every
refused check; this backend authenticates exactly as ModelBackend does and grants nothing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
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
