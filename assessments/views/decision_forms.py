"""The search of /decisions/ (input only): every field optional."""

from django import forms

from assessments.models import State

OUTCOMES = {"approved": State.APPROVED, "refused": State.REFUSED}


class DecisionSearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Words from the title or the proponent's name.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[("", "Any outcome"), *((key, State(value).label) for key, value in OUTCOMES.items())],
    )
    year = forms.TypedChoiceField(label="Year of the decision", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Any year"), *((year, str(year)) for year in years)]
