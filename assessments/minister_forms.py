"""Forms of the Minister's powers on the dashboard: a direction (s35) and an information determination
(s42(2)-(4)). Input only: whether the act may be done is the services' to judge, in their words."""

from django import forms

from assessments.models import Document, WithheldInformation
from greenhouse_office import clock
from greenhouse_office.models import Organisation
from greenhouse_office.statute.information import WITHHOLDING_GROUNDS

Item = WithheldInformation.Item
DOCUMENT_PREFIX = "document-"


class Radios(forms.RadioSelect):
    """Radios whose field's id is its first option's, so the error summary links to the group (GOV.UK)."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


class DirectionForm(forms.Form):
    """s35: to whom, the action and the due date (``direct_assessment`` judges the date)."""

    organisation = forms.ModelChoiceField(
        label="The person directed",
        queryset=Organisation.objects.order_by("name"),
        empty_label="Choose the organisation or individual",
        help_text="The person who must prepare the Greenhouse Impact Assessment, by legal name.",
        error_messages={
            "required": "Choose the person to be directed.",
            "invalid_choice": "Choose the person to be directed from the list.",
        },
    )
    action = forms.CharField(
        label="The action to be assessed",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Describe the action as the direction will name it.",
        error_messages={"required": "Describe the action to be assessed."},
    )
    due_on = forms.DateField(
        label="Due date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day by which the Greenhouse Impact Assessment must be prepared.",
        error_messages={
            "required": "Give the due date.",
            "invalid": "Give the due date as a real date, such as 3 March 2027.",
        },
    )

    def payload(self) -> dict:
        return {key: self.cleaned_data[key] for key in ("organisation", "action", "due_on")}


class WithholdForm(forms.Form):
    """s42(2)-(4): which item of the application, the ground the Act gives for not publishing it, and
    the Minister's reasons.

    Every item is offered, even one already withheld: the service refuses a second determination in
    the Act's words (views do not re-check its rules)."""

    item = forms.ChoiceField(
        label="What is not to be made public",
        widget=Radios,
        error_messages={
            "required": "Choose the item not to be made public.",
            "invalid_choice": "Choose an item of this application.",
        },
    )
    ground = forms.ChoiceField(
        label="The ground (section 42)",
        widget=Radios,
        choices=[(ground.code, ground.label) for ground in WITHHOLDING_GROUNDS],
        error_messages={
            "required": "Choose the ground the Act gives (section 42(2), (3) or (4)).",
            "invalid_choice": "Choose the ground the Act gives (section 42(2), (3) or (4)).",
        },
        help_text="Information in commercial confidence is withheld only if the commercial detriment "
        "outweighs the public interest in publishing it (section 42(3)).",
    )
    reasons = forms.CharField(
        label="Your reasons for the determination",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Why you believe publishing this item is not in the public interest (section 42(2)); "
        "for information in commercial confidence, why the commercial detriment outweighs the public "
        "interest in this case (section 42(3)). The public registers show your reasons with the ground.",
        error_messages={
            "required": "Give your reasons: why publishing this item is not in the public interest "
            "(section 42(2))."
        },
    )

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = {f"{DOCUMENT_PREFIX}{document.pk}": document for document in documents}
        named = [(value, label) for value, label in Item.choices if value != Item.DOCUMENT]
        self.fields["item"].choices = [
            *named,
            *((key, _document_label(document)) for key, document in self.documents.items()),
        ]

    def payload(self) -> dict:
        """``item`` as ``determine_withheld`` takes it: an Item code or the Document itself."""
        value = self.cleaned_data["item"]
        return {
            "item": self.documents.get(value, value),
            "ground": self.cleaned_data["ground"],
            "reasons": self.cleaned_data["reasons"],
        }


def _document_label(document: Document) -> str:
    uploaded = clock.legal_day(document.uploaded_at)
    return (
        f"Document: {document.get_kind_display()}: {document.original_name} (uploaded {uploaded:%-d %B %Y})"
    )
