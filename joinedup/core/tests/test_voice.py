"""The one rule for the child's voice on a plan or decision (issue 18): words, or a reason from the list with what
was tried; neither is a field error on the words."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from joinedup.core.errors import FieldErrors
from joinedup.core.voice import ChildVoice, VoiceError, VoiceNotObtained


def codes(voice: ChildVoice) -> dict[str, list[str]]:
    errors = FieldErrors()
    voice.check(errors)
    return {field: [e.code or "" for e in errs] for field, errs in errors.errors.items()}


def test_neither_words_nor_a_reason_is_an_error_on_the_words() -> None:
    assert codes(ChildVoice(words="  ")) == {"child_voice_words": [VoiceError.REQUIRED]}
    with pytest.raises(ValidationError):
        errors = FieldErrors()
        ChildVoice().check(errors)
        errors.raise_if_any()


def test_a_reason_needs_to_be_from_the_list_and_say_what_was_tried() -> None:
    assert codes(ChildVoice(not_obtained="busy")) == {"child_voice_not_obtained": [VoiceError.UNKNOWN_REASON]}
    assert codes(ChildVoice(not_obtained=VoiceNotObtained.TOO_YOUNG)) == {
        "child_voice_not_obtained_detail": [VoiceError.DETAIL_REQUIRED]
    }
    assert codes(ChildVoice(not_obtained=VoiceNotObtained.TOO_YOUNG, not_obtained_detail="Six months old.")) == {}


def test_words_given_win_over_a_reason_and_are_tidied() -> None:
    checked = ChildVoice(words=" I want to stay. ", not_obtained=VoiceNotObtained.DECLINED).check(FieldErrors())
    assert checked == ChildVoice(words="I want to stay.")
    assert checked.as_fields() == {
        "child_voice_words": "I want to stay.",
        "child_voice_not_obtained": "",
        "child_voice_not_obtained_detail": "",
    }
