"""The forms of Part 7's acts (the admin's): preparing a plan, revising its draft, and one per act on it.

They validate input only: whether the act is allowed (role, state, the Act's rules) is for the
executor and the service to say (taskforces.services.plans).
"""

from django import forms

from taskforces.models import PreparedBy, Reviewer, SourceCategory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT_HELP = "Paragraphs separated by a blank line; a line starting '# ' is a heading."


class PlanForm(forms.Form):
    """Base of the acts' forms: knows its plan; ``payload()`` is what the service is called with.

    ``submit`` is the button's words; ``intro`` a sentence shown above the form.
    """

    submit = "Confirm"
    intro = ""

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def payload(self) -> dict:
        return dict(self.cleaned_data)


class PreparePlanForm(forms.Form):
    """s36(1)(a), s37: begin the plan of a source category that has none (services.prepare_plan)."""

    submit = "Begin the plan"
    intro = "Record the plan as it is being prepared; it is given to the Minister once written."

    source_category = forms.ModelChoiceField(
        queryset=SourceCategory.objects.filter(plan__isnull=True).order_by("position"),
        label="Source category",
        help_text="Annex A's sector/source category (s36(1)); each category has one plan.",
    )
    prepared_by = forms.ChoiceField(
        choices=PreparedBy.choices,
        initial=PreparedBy.TASKFORCE,
        widget=forms.RadioSelect,
        label="Who prepares it",
        help_text="s37: the Office prepares the plan of a category whose task force had not, 2 years "
        "after commencement.",
    )
    title = forms.CharField(max_length=200, label="Title")
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Summary",
        help_text="What the plan does, in a paragraph the public reads first.",
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}), label="The plan", help_text=TEXT_HELP)


class ReviseDraftForm(forms.Form):
    """The text of the version being prepared (services.revise_draft), before it goes to the Minister."""

    submit = "Save the draft"
    intro = ""

    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Summary")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}), label="The plan", help_text=TEXT_HELP)


class GiveToMinisterForm(PlanForm):
    submit = "Record as given"
    intro = "Record the day the Minister received the plan: s38's month to make it public starts then."
    received_on = forms.DateField(
        widget=DATE, label="Received by the Minister on", help_text="s38: not after today."
    )


class PublishForm(PlanForm):
    submit = "Publish"
    intro = (
        "Record the day the plan was made available on the Internet and on request (s38). Its PDF is "
        "issued once this is saved."
    )
    published_on = forms.DateField(
        widget=DATE,
        label="Published on",
        help_text="s38: within one month after the Minister received it; not before then, nor after today.",
    )


class BeginReviewForm(PlanForm):
    """s39: the review the Minister causes, and who undertakes it (s39(2))."""

    submit = "Begin the review"
    reviewer = forms.ChoiceField(
        choices=Reviewer.choices,
        initial=Reviewer.TASKFORCE,
        widget=forms.RadioSelect,
        label="Who undertakes the review",
    )
    reviewer_name = forms.CharField(
        required=False,
        max_length=200,
        label="Person or persons determined",
        help_text="s39(2): only if the Minister determined a person rather than the task force.",
    )
    determined_on = forms.DateField(
        required=False, widget=DATE, label="Determined by the Minister on", help_text="s39(2)"
    )
    office_advice = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="The Office's advice",
        help_text="s39(2): the Minister determines the reviewer on the Office's advice.",
    )
    started_on = forms.DateField(widget=DATE, label="Review began on", help_text="Not after today.")


class CompleteReviewForm(PlanForm):
    """s39(1): the review's outcome; a revised text becomes the new version, published that day."""

    submit = "Complete the review"
    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="What the review found")
    completed_on = forms.DateField(widget=DATE, label="Review completed on", help_text="Not after today.")
    revised_summary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Revised summary",
        help_text="Only if the review revised the plan.",
    )
    revised_text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        label="Revised plan",
        help_text=f"Leave blank to keep the published plan. {TEXT_HELP}",
    )
