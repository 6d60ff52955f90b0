"""Authenticator apps (TOTP devices): the device a user has confirmed, and what the set-up page shows of a new one."""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

NEW_DEVICE_NAME = "Authenticator app"


def confirmed_device(user: Any) -> TOTPDevice | None:
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, TOTPDevice):
            return device
    return None


def unconfirmed_device(user: Any) -> TOTPDevice:
    """The app being set up: one unconfirmed device per user, kept until a code from it is confirmed."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": NEW_DEVICE_NAME})
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def secret_of(device: TOTPDevice) -> str:
    """The key to type into an app that cannot scan the QR code."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")
