"""The organisation pages' forms: they validate only (the model's own checks); the acts are in
greenhouse_office/organisations.py."""

from django import forms

from .abn import ABNFormField
from .models import Organisation
from .organisations import DETAIL_FIELDS


class OrganisationForm(forms.ModelForm):
    """The organisation's details: kind, names, ABN (check digits), postal address (whole or none),
    contacts. A body corporate needs its ABN (Organisation.clean)."""

    abn = ABNFormField(label="ABN", required=False)

    class Meta:
        model = Organisation
        fields = DETAIL_FIELDS
        labels = {"kind": "What kind of organisation is it?"}
        widgets = {
            "kind": forms.RadioSelect,
            "address_lines": forms.Textarea(attrs={"rows": 3}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }
        error_messages = {
            "name": {
                "required": "Enter the organisation's legal name.",
                "unique": "An organisation of this name already has an account: ask its administrator "
                "to invite you.",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["abn"].help_text = (
            "11 digits; spaces are allowed, e.g. 53 004 085 616. A body corporate must give its ABN; "
            "an individual may have none."
        )
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]  # no blank option


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address of the person to invite",
        max_length=254,
        help_text="They sign in (or create an account) with this address to accept.",
        error_messages={
            "required": "Enter the email address of the person to invite.",
            "invalid": "Enter an email address, such as name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class ConfirmForm(forms.Form):
    """A POST with nothing to fill in (revoke, remove, accept): the CSRF check is the form."""
