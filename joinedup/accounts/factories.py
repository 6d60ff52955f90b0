"""factory_boy factory for a user's second factor. Used by the tests and the synthetic authority's stages, never by
production code."""

from __future__ import annotations

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.core.factories import UserFactory


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator app; its key is django-otp's own random one."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "phone"
    confirmed = True
