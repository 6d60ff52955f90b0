from django import forms


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need this record now?",
        help_text="Whoever reviews your emergency access will see this reason. Access lasts 4 hours and lets you read "
        "the record; recording on it needs a second reason.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Explain why you need this record now"},
    )


class BreakGlassWriteForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to record on this record now?",
        help_text="A reason separate from your reason for opening the record. It is kept with your emergency access "
        "and reviewed with it.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Explain why you need to record on this record now"},
    )


class BreakGlassReviewForm(forms.Form):
    note = forms.CharField(
        label="What did you find?",
        help_text="For example, that the access was justified, or what you have done about it.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Record what you found when you reviewed this access"},
    )


class RestrictRecordForm(forms.Form):
    record = forms.IntegerField(
        label="Record number",
        min_value=1,
        help_text="The number at the end of the record's web address",
        error_messages={"required": "Enter the record number", "invalid": "Enter the record number as digits"},
    )
    reason = forms.CharField(
        label="Why is this record restricted?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why this record is restricted"},
    )


class GrantForm(forms.Form):
    record = forms.IntegerField(
        label="Record number",
        min_value=1,
        error_messages={"required": "Enter the record number", "invalid": "Enter the record number as digits"},
    )
    username = forms.CharField(
        label="Username of the person to give access", max_length=150, error_messages={"required": "Enter a username"}
    )
    reason = forms.CharField(
        label="Why do they need it?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why this person needs the restricted record"},
    )
