"""`choice_field`: the parameters GOV.UK Frontend's radios and select take, including conditional reveal."""

from __future__ import annotations

import pytest
from django import forms

from joinedup.ui.govuk import choice_field


class _Form(forms.Form):
    answer = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect)


def test_conditionals_put_markup_under_the_answers_they_belong_to() -> None:
    params = choice_field(_Form({"answer": "no"})["answer"], conditionals={"no": "<p>Why not?</p>"})
    yes, no = params["items"]
    assert "conditional" not in yes
    assert no["conditional"] == {"html": "<p>Why not?</p>"} and no["checked"]


def test_a_conditional_for_an_answer_that_does_not_exist_is_a_mistake() -> None:
    with pytest.raises(ValueError, match="maybe"):
        choice_field(_Form()["answer"], conditionals={"maybe": "<p>?</p>"})


def test_conditional_reveal_is_refused_on_inline_radios() -> None:
    with pytest.raises(ValueError, match="stacked"):
        choice_field(_Form()["answer"], conditionals={"no": "<p>?</p>"}, classes="govuk-radios--inline")


def test_include_blank_adds_an_empty_first_choice_when_the_field_has_none() -> None:
    params = choice_field(_Form()["answer"], include_blank="Choose an answer")
    assert params["items"][0] == {"value": "", "text": "Choose an answer", "checked": True, "selected": True}
    assert [i["value"] for i in params["items"]] == ["", "yes", "no"]
