from django import forms


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need this record now?",
        help_text="Your manager will see this reason. Access lasts 4 hours.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Explain why you need this record now"},
    )


class BreakGlassReviewForm(forms.Form):
    note = forms.CharField(
        label="What did you find?",
        help_text="For example, that the access was justified, or what you have done about it.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Record what you found when you reviewed this access"},
    )
