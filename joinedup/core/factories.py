"""factory_boy factory for the user who signs in. Factories build valid rows for the tests and the synthetic
authority's stages, never for production code.

The user model is named through `get_user_model()`, as agencies' models name it through `settings.AUTH_USER_MODEL`,
so that agencies' practitioners and accounts' second factors can both build a user: they stand on one layer and do
not import each other."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery-staple")
