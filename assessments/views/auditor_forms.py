"""The auditor's portal forms. They validate input only; the act's rules are the executor's and the
service's (a non-PDF, a file over the limit, the wrong state are refused there, in their words)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from assessments.forms import DATE, RecordEvaluationForm
from assessments.models import Engagement, IndependentAuditor

CONFIRMATION = (
    "I confirm this is my evaluation under s32(1) of the Greenhouse Impact Assessment, and it is final"
)


class RecordMyEvaluationForm(RecordEvaluationForm):
    """s32(1): upload the evaluation and record it in one confirmed step."""

    submit = "Upload and record the evaluation"
    evaluation = forms.FileField(
        label="Your evaluation (PDF)",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        error_messages={"required": "Choose the PDF of your evaluation."},
    )
    confirm = forms.BooleanField(
        label=CONFIRMATION,
        error_messages={"required": "Confirm that this is your final evaluation under s32(1)."},
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        self.fields["evaluation"].help_text = (
            f"A PDF of at most {filesizeformat(settings.GREENHOUSE_MAX_DOCUMENT_BYTES)}. "
            "Its content is checked, not its name."
        )

    def payload(self) -> dict:
        return {"evaluation": self.cleaned_data["evaluation"]}


class DeclarationsForm(forms.ModelForm):
    """s32(2)(a), (b): the auditor's qualifications and the days of its declarations."""

    class Meta:
        model = IndependentAuditor
        fields = ["qualifications", "qualified_declared_on", "fit_and_proper_declared_on"]
        widgets = {
            "qualifications": forms.Textarea(attrs={"rows": 3, "cols": 60}),
            "qualified_declared_on": DATE,
            "fit_and_proper_declared_on": DATE,
        }
        labels = {
            "qualified_declared_on": "Qualifications declared on (s32(2)(a))",
            "fit_and_proper_declared_on": "Fit and proper person declared on (s32(2)(b))",
        }


class EngagementForm(forms.ModelForm):
    """One employment or contract. A recorded one can only be ended (its history stays)."""

    class Meta:
        model = Engagement
        fields = ["organisation", "kind", "started_on", "ended_on", "description"]
        widgets = {"started_on": DATE, "ended_on": DATE}
        labels = {"kind": "Engagement", "ended_on": "Ended on (blank while it continues)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].help_text = ""
        if self.instance.pk:
            for name in ("organisation", "kind", "started_on", "description"):
                self.fields[name].disabled = True


EngagementFormSet = forms.inlineformset_factory(
    IndependentAuditor, Engagement, form=EngagementForm, extra=1, can_delete=False
)
