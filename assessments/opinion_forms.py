"""The form of the Minister's opinion (s26, s29(2)) on the dashboard. Input only: whether the opinion
is lawful as given (its section and limb, the organisation's kind) is ``form_opinion``'s to judge."""

from django import forms

from assessments.minister_forms import Radios
from assessments.models import Application
from greenhouse_office.models import Organisation
from greenhouse_office.statute.opinions import OPINION_LIMBS, S29_2

SEPARATOR = "/"


def _opinion_choices() -> list[tuple[str, str]]:
    """One radio per limb of each section, valued "<section>/<limb>"."""
    return [
        (f"{section}{SEPARATOR}{limb.code}", limb.label)
        for section, limbs in OPINION_LIMBS.items()
        for limb in limbs
    ]


class ApplicationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference}: {obj.title}"


class OpinionForm(forms.Form):
    """s26, s29(2): the action, who takes it, the opinion in the Act's words, and the reasons."""

    action = forms.CharField(
        label="The action",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Describe the action the opinion is about.",
        error_messages={"required": "Describe the action the opinion is about."},
    )
    organisation = forms.ModelChoiceField(
        label="Their organisation (optional)",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label="Not an organisation known to the Office",
        help_text="Who takes the action, if they are an organisation or individual known to the Office.",
        error_messages={"invalid_choice": "Choose the organisation from the list."},
    )
    taker_name = forms.CharField(
        label="Who takes the action",
        max_length=255,
        required=False,
        help_text="Their name in words. Leave it blank to use the legal name of the organisation chosen.",
    )
    opinion = forms.ChoiceField(
        label="Your opinion",
        widget=Radios,
        choices=_opinion_choices(),
        help_text="Section 26 is for a person's action; section 29(2) is for an action of the Commonwealth "
        "or a Commonwealth agency.",
        error_messages={
            "required": "Choose your opinion in the words of section 26 or section 29(2).",
            "invalid_choice": "Choose your opinion in the words of section 26 or section 29(2).",
        },
    )
    reasons = forms.CharField(
        label="Your reasons",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The Office acts on these; they are kept with the opinion.",
        error_messages={"required": "Give your reasons for the opinion."},
    )
    application = ApplicationChoice(
        label="The application it concerns (optional)",
        queryset=Application.objects.none(),
        required=False,
        empty_label="No application",
        help_text="An application for approval of the action (section 30), if there is one.",
        error_messages={"invalid_choice": "Choose an application from the list."},
    )

    def __init__(self, *args, applications=None, **kwargs):
        super().__init__(*args, **kwargs)
        if applications is not None:
            self.fields["application"].queryset = applications.order_by("-pk")

    def payload(self) -> dict:
        """The input as ``form_opinion`` takes it: the section becomes whether the Commonwealth acts."""
        section, limb = self.cleaned_data["opinion"].split(SEPARATOR, 1)
        data = {
            key: self.cleaned_data[key]
            for key in ("action", "organisation", "taker_name", "reasons", "application")
        }
        return {**data, "commonwealth": section == S29_2, "limb": limb}
