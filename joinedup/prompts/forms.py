"""The form piece for practice prompts (M32): one text area for each prompt asked, named ``prompt_<id>``, under a
"Practice prompts" heading. The service the form calls decides what must be answered (``PromptsAsked.check``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from .models import PracticePrompt
from .services import field_name

PROMPTS_HEADING = "Practice prompts"


def add_prompt_fields(form: forms.Form, prompts: Iterable[PracticePrompt]) -> list[str]:
    """Add a field to `form` for each prompt, with its words and guidance; return the fields' names."""
    names = []
    for prompt in prompts:
        name = field_name(prompt)
        form.fields[name] = forms.CharField(
            label=prompt.question,
            help_text=prompt.guidance,
            required=False,
            max_length=10_000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        names.append(name)
    return names


def prompt_answers(cleaned_data: dict[str, Any]) -> dict[int, str]:
    """The answers given in the form, by prompt id."""
    return {
        int(name.removeprefix("prompt_")): value or ""
        for name, value in cleaned_data.items()
        if name.startswith("prompt_") and name.removeprefix("prompt_").isdigit()
    }


class PracticePromptsForm(forms.Form):
    """A form that asks the practice prompts `prompts` (given by the view: those the moment asks of its child), shown
    by the ``practice_prompts`` macro of ``prompts/_prompts.html``."""

    def __init__(self, *args: Any, prompts: Iterable[PracticePrompt] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prompt_names = add_prompt_fields(self, prompts)
        sections = getattr(self, "sections", None)
        if self.prompt_names and sections is not None:  # a SectionedForm: the prompts are its last section
            if not sections:  # one without headings: its own fields first, as declared
                sections = [("", [name for name in self.fields if name not in self.prompt_names])]
            # set on the instance: `sections` is the SectionedForm's class variable, not this mixin's
            setattr(self, "sections", [*sections, (PROMPTS_HEADING, self.prompt_names)])  # noqa: B010

    def prompt_answers(self) -> dict[int, str]:
        return prompt_answers(self.cleaned_data)
