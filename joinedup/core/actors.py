"""The named system actor: who did work that no signed-in user did (the daily jobs, imports, the public form).

Every write to a child's record is done by someone. When that someone is not a user, it is one of the system actors
declared here, by name, and the audit trail records that name. There is no anonymous actor: code that writes must
say who it is writing as.

A system actor is not a user. It is never signed in and holds no permission (`has_perm` is always false), so the
permission checks that guard users' work refuse it; a service that the system may run (the daily end of child
protection plans, for example) says so explicitly by accepting a `SystemActor`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# The declared system actors: stored name -> who it is, in plain English (pages show it as "who"). Stored names
# are kept for ever in the audit trail: never rename or remove one, only add.
SYSTEM_ACTORS: dict[str, str] = {
    "daily-jobs": "JoinedUp's daily jobs",
    "imports": "An import from another system",
    "synthetic-data": "The synthetic data generator",
    "migrations": "A database migration",
    "public-form": "A member of the public (the public concern form)",
    "returns": "A statutory return made at the command line",
    "partnership-report": "The partnership's yearly report made at the command line",
}


class UnknownSystemActor(ValueError):
    """A system actor was asked for by a name that is not declared in `SYSTEM_ACTORS`."""


@dataclass(frozen=True)
class SystemActor:
    """Work no user did, named. Quacks enough like an anonymous user for the permission checks to refuse it."""

    name: str

    def __post_init__(self) -> None:
        if self.name not in SYSTEM_ACTORS:
            raise UnknownSystemActor(f"No system actor is called {self.name!r}; declare it in core/actors.py")

    # Not a user: no primary key, never signed in, no permission.
    pk = None
    is_authenticated = False
    is_anonymous = False
    is_active = False
    is_staff = False
    is_superuser = False

    @property
    def label(self) -> str:
        return SYSTEM_ACTORS[self.name]

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return False

    def __str__(self) -> str:
        return f"system:{self.name}"


def system_actor(name: str) -> SystemActor:
    """The system actor of that declared name, e.g. `system_actor("daily-jobs")`."""
    return SystemActor(name)


def system_actor_label(name: str) -> str:
    """What a stored system actor name means, for pages that show the audit trail."""
    return SYSTEM_ACTORS.get(name, name)


# Who asks or acts: a user (signed in, or anonymous and refused by every permission) or a named system actor. The
# access lookups and the permission check take this; services still being typed take `Any`.
Actor: TypeAlias = "AbstractBaseUser | AnonymousUser | SystemActor"
