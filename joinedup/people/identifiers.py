"""NHS number and unique pupil number checks."""

from __future__ import annotations

import re

_NHS_DIGITS = re.compile(r"^\d{10}$")
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # the 23 check letters (no I, O or S)
_UPN_SHAPE = re.compile(r"^[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]$")


def normalise_nhs_number(value: str) -> str:
    """Strip the spaces and hyphens people type (485 777 3456 or 485-777-3456)."""
    return re.sub(r"[\s-]", "", value or "")


def nhs_number_is_valid(value: str) -> bool:
    """Modulus 11 check: weights 10..2 over the first nine digits; 11 - (sum mod 11) is the check digit,
    where 11 means 0 and 10 means the number is invalid."""
    digits = normalise_nhs_number(value)
    if not _NHS_DIGITS.match(digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def nhs_number_with_check_digit(first_nine: str) -> str | None:
    """The full NHS number for nine digits, or None when no check digit makes it valid."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return None
    return f"{first_nine}{check}"


def _upn_char_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else _UPN_LETTERS.index(ch)


def upn_check_letter(last_twelve: str) -> str:
    """The check letter of a UPN: characters 2 to 13 weighted 2 to 13, summed, modulo 23."""
    total = sum(_upn_char_value(ch) * w for ch, w in zip(last_twelve, range(2, 14), strict=True))
    return _UPN_LETTERS[total % 23]


def upn_is_valid(value: str) -> bool:
    upn = (value or "").strip().upper()
    if not _UPN_SHAPE.match(upn):
        return False
    return upn[0] == upn_check_letter(upn[1:])
