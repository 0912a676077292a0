"""The forms of the acts on an application (the admin today; the portal and dashboard next).

They validate input only: whether the act is allowed (role, state, the Act's rules) is for the
executor and the service to say.
"""

from django import forms

from assessments.models import AmendmentRequest, IndependentAuditor, Recommendation
from assessments.suggestions import DAILY_NEWSPAPERS, DEFAULT_COMMENT_ADDRESS
from greenhouse_office import clock, statute
from greenhouse_office.jurisdictions import StateOrTerritory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TransitionForm(forms.Form):
    """Base: knows its application; ``payload()`` is what the service is called with.

    ``submit`` is the button's words; ``intro`` a sentence shown above the form.
    """

    submit = "Confirm"
    intro = ""

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application

    def payload(self) -> dict:
        return dict(self.cleaned_data)


class AmendmentRequestRow(forms.Form):
    kind = forms.ChoiceField(choices=[("", "---------"), *AmendmentRequest.Kind.choices], required=False)
    detail = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 70}), label="What is missing or wrong"
    )


AmendmentRequestRows = forms.formset_factory(AmendmentRequestRow, extra=4, max_num=20)


class ReturnForAmendmentForm(TransitionForm):
    """s31: one typed request per thing the proponent must amend (blank rows are ignored)."""

    submit = "Return"
    intro = (
        "The application is not in the prescribed form (s31(1)): return it, naming each thing the "
        "proponent must amend. The proponent answers every request before lodging again."
    )

    def __init__(self, data=None, files=None, *, application, **kwargs):
        super().__init__(data, files, application=application, **kwargs)
        self.rows = AmendmentRequestRows(data, prefix="requests")

    def is_valid(self) -> bool:
        return super().is_valid() and self.rows.is_valid()

    def payload(self) -> dict:
        filled = [
            row for row in self.rows.cleaned_data if row.get("kind") or (row.get("detail") or "").strip()
        ]
        return {
            "requests": [{"kind": row.get("kind", ""), "detail": row.get("detail", "")} for row in filled]
        }


class AuditorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, auditor) -> str:
        user = auditor.user
        return f"{user.get_full_name() or user.get_username()} ({user.get_username()})"


class CommissionEvaluationForm(TransitionForm):
    submit = "Appoint"
    auditor = AuditorChoiceField(
        queryset=IndependentAuditor.objects.select_related("user"),
        label="Independent environmental auditor",
        help_text="s32(2): the Director appoints a qualified, fit and proper auditor who is independent of "
        "the proponent and of the Commonwealth. An appointment that is not allowed is refused with reasons.",
    )


class RecordEvaluationForm(TransitionForm):
    submit = "Record the evaluation"
    evaluation = forms.FileField(
        required=False,
        label="Evaluation (PDF)",
        help_text="s32(1): the auditor's evaluation, if it has not been uploaded yet.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class PublishForCommentForm(TransitionForm):
    """s33: the Gazette, Internet and newspaper notices, and the closing day for comments."""

    submit = "Publish"

    gazette_date = forms.DateField(widget=DATE, label="Gazette notice published on", help_text="s33(1)(b)(i)")
    internet_published_on = forms.DateField(
        widget=DATE, label="Internet notice published on", help_text="s33(1)(b)(iii)"
    )
    comment_address = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2, "cols": 70}),
        label="Address for lodgment of comments",
        help_text="s33(2)(d)(i)",
    )
    closing_day = forms.DateField(widget=DATE, label="Closing day for comments")

    def __init__(self, data=None, files=None, *, application, **kwargs):
        super().__init__(data, files, application=application, **kwargs)
        today = clock.legal_day()
        gazette = self._posted_gazette_date() or today
        period = statute.comment_period(gazette)
        self.fields["closing_day"].help_text = (
            f"s33(2)(d)(ii), s33(3): not within {period.months} months after the Gazette notice. For a "
            f"Gazette notice on {statute.format_day(gazette)} the earliest lawful closing day is "
            f"{statute.format_day(period.earliest_closing_day)}; recommended: "
            f"{statute.format_day(period.recommended_closing_day)} (a business day)."
        )
        self.initial.update(
            gazette_date=today,
            internet_published_on=today,
            comment_address=DEFAULT_COMMENT_ADDRESS,
            closing_day=statute.comment_period(today).recommended_closing_day,
        )
        self.newspaper_rows = []
        for code in application.affected_states:
            name_field, date_field = f"newspaper_{code}", f"newspaper_{code}_published_on"
            label = StateOrTerritory(code).label if code in StateOrTerritory.values else code
            self.fields[name_field] = forms.CharField(
                required=False, label=f"Daily newspaper circulating in {label}", max_length=200
            )
            self.fields[date_field] = forms.DateField(required=False, widget=DATE, label="Published on")
            self.initial.update({name_field: DAILY_NEWSPAPERS.get(code, ""), date_field: today})
            self.newspaper_rows.append((code, label, self[name_field], self[date_field]))

    def _posted_gazette_date(self):
        try:
            return self.fields["gazette_date"].clean(self.data.get("gazette_date")) if self.data else None
        except forms.ValidationError:
            return None

    def clean(self):
        cleaned = super().clean()
        for code in self.application.affected_states:
            name, day = cleaned.get(f"newspaper_{code}"), cleaned.get(f"newspaper_{code}_published_on")
            if name and not day:
                self.add_error(f"newspaper_{code}_published_on", "Give the day the notice was published.")
        return cleaned

    def payload(self) -> dict:
        data = self.cleaned_data
        return {
            "gazette_date": data["gazette_date"],
            "internet_published_on": data["internet_published_on"],
            "comment_address": data["comment_address"],
            "closing_day": data["closing_day"],
            "newspapers": [
                {
                    "state_or_territory": code,
                    "newspaper": data[f"newspaper_{code}"].strip(),
                    "published_on": data[f"newspaper_{code}_published_on"],
                }
                for code in self.application.affected_states
                if (data.get(f"newspaper_{code}") or "").strip()
            ],
        }


class CloseCommentsForm(TransitionForm):
    """No payload: the closing day has passed (or the service says when it will)."""

    submit = "Close comments"
    intro = (
        "Close the period for public comment. Comments can be closed from the day after the closing day "
        "(moved to the next business day if it falls on a weekend or public holiday, AIA s36(2))."
    )


class GiveAdviceForm(TransitionForm):
    submit = "Give the advice"
    recommendation = forms.ChoiceField(choices=Recommendation.choices, widget=forms.RadioSelect)
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        label="Summary of the advice",
        help_text="s34: the Office's advice to the Minister. The report on the comments (s34(b)) is added.",
    )
