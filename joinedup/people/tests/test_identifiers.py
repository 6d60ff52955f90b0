import pytest

from joinedup.people.identifiers import (
    nhs_number_is_valid,
    nhs_number_with_check_digit,
    upn_check_letter,
    upn_is_valid,
)


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919", "4010232137"])
def test_valid_nhs_numbers(number: str) -> None:
    assert nhs_number_is_valid(number)


@pytest.mark.parametrize(
    "number",
    [
        "9434765918",  # wrong check digit
        "943476591",  # nine digits
        "94347659190",  # eleven digits
        "94347659AB",  # letters
        "",
        "1000000010",  # check digit computes to 10: never valid
    ],
)
def test_invalid_nhs_numbers(number: str) -> None:
    assert not nhs_number_is_valid(number)


def test_check_digit_is_computed_modulus_11() -> None:
    # 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299; 299 mod 11 = 2; 11 - 2 = 9.
    assert nhs_number_with_check_digit("943476591") == "9434765919"


def test_upn_check_letter_round_trip() -> None:
    tail = "383123426001"
    upn = upn_check_letter(tail) + tail
    assert upn_is_valid(upn)
    wrong = ("A" if upn[0] != "A" else "B") + tail
    assert not upn_is_valid(wrong)


@pytest.mark.parametrize("upn", ["", "A12345", "I38312342600A", "1383123426001"])
def test_malformed_upns(upn: str) -> None:
    assert not upn_is_valid(upn)
