"""The public register's forms (input only): the search of /assessments/ and "Request a copy"."""

from django import forms

from assessments.models import CopyRequest, State
from greenhouse_office import statute
from greenhouse_office.jurisdictions import StateOrTerritory

# Each published stage in plain words (the register's rows and its stage filter).
STAGES = {
    State.OPEN_FOR_COMMENT: "Open for public comment",
    State.COMMENTS_CLOSED: "Comments closed: the Office is preparing its advice to the Minister",
    State.ADVICE_GIVEN: "With the Minister for decision",
    State.APPROVED: "Decided: approved by the Minister",
    State.REFUSED: "Decided: refused by the Minister",
}

SORTS = {
    "newest": ("Newest first", ("-gazette_date", "-pk")),
    "closing": ("Closing day, soonest first (open for comment first)", ("closing_day", "pk")),
    "title": ("Title, A to Z", ("title", "pk")),
}


class RegisterSearchForm(forms.Form):
    """GET: every field optional; an unknown value is reported and otherwise ignored."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Words from the title, the proponent's name or the place.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    state = forms.ChoiceField(
        label="State or Territory",
        required=False,
        choices=[("", "Any State or Territory"), *StateOrTerritory.choices],
        help_text="Where the action is, or a State or Territory likely to be affected.",
    )
    source_category = forms.ChoiceField(
        label="Source category",
        required=False,
        choices=[("", "Any source category"), *statute.SOURCE_CATEGORY_CHOICES],
        help_text="Kyoto Protocol Annex A: the kind of source the action's emissions come from.",
    )
    stage = forms.ChoiceField(label="Stage", required=False, choices=[("", "Any stage"), *STAGES.items()])
    open = forms.BooleanField(label="Only those open for comment now", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
    )


class CopyRequestForm(forms.Form):
    name = forms.CharField(
        label="Your name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    documents = forms.ChoiceField(
        label="Which documents",
        choices=CopyRequest.Documents.choices,
        initial=CopyRequest.Documents.BOTH,
        widget=forms.RadioSelect,
    )
    format = forms.ChoiceField(
        label="Format",
        choices=CopyRequest.Format.choices,
        initial=CopyRequest.Format.EMAIL,
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        help_text="Needed for a PDF by email. We also send an acknowledgement to it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    postal_address = forms.CharField(
        label="Postal address",
        required=False,
        max_length=500,
        help_text="Needed for a printed copy by post.",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 40, "autocomplete": "street-address"}),
    )
    # Honeypot: hidden from people (and from assistive technology); a bot that fills every field fills it.
    website = forms.CharField(label="Leave this field empty", required=False)

    def clean(self):
        data = super().clean()
        if data.get("format") == CopyRequest.Format.EMAIL and not data.get("email"):
            self.add_error("email", "Enter the email address to send the PDF to.")
        if data.get("format") == CopyRequest.Format.POST and not (data.get("postal_address") or "").strip():
            self.add_error("postal_address", "Enter the postal address to send the printed copy to.")
        return data
