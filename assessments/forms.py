"""The forms of the acts on an application (the admin, the portal and the Minister's dashboard).

They validate input only: whether the act is allowed (role, state, the Act's rules) is for the
executor and the service to say.
"""

from django import forms
from django.db.models import Prefetch

from assessments import guards
from assessments.models import AmendmentRequest, Engagement, IndependentAuditor, Recommendation, ReturnGround
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
        "Return the application, naming each thing the proponent must amend. The proponent answers every "
        "request before lodging again."
    )
    ground = forms.ChoiceField(
        choices=ReturnGround.choices,
        initial=ReturnGround.NOT_IN_PRESCRIBED_FORM,
        required=False,
        widget=forms.RadioSelect,
        label="Why it is returned",
        help_text="s32(1): only an application not in the prescribed form (s31) starts the 30 days for the "
        "evaluation again when it is lodged again.",
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
            "requests": [{"kind": row.get("kind", ""), "detail": row.get("detail", "")} for row in filled],
            "ground": self.cleaned_data.get("ground") or ReturnGround.NOT_IN_PRESCRIBED_FORM,
        }


class AuditorChoiceField(forms.ModelChoiceField):
    """The auditor register, each auditor labelled with their standing for one application (s32(2)).

    The standing comes from ``guards.auditor_disqualifications``, the rule the appointment itself
    applies, so the choice shows before submitting what the service would refuse.
    """

    application = None
    day = None

    def label_from_instance(self, auditor) -> str:
        user = auditor.user
        name = f"{user.get_full_name() or user.get_username()} ({user.get_username()})"
        if self.application is None:
            return name
        reasons = guards.auditor_disqualifications(self.application, auditor, self.day)
        if not reasons:
            return f"{name} -- independent"
        return f"{name} -- cannot be appointed: {'; '.join(reason.fact for reason in reasons)}"


class CommissionEvaluationForm(TransitionForm):
    """s32(2): the Director appoints the independent environmental auditor."""

    submit = "Appoint"
    auditor = AuditorChoiceField(
        queryset=IndependentAuditor.objects.select_related("user").prefetch_related(
            Prefetch("engagements", queryset=Engagement.objects.select_related("organisation"))
        ),
        label="Independent environmental auditor",
        help_text="s32(2): the Director appoints a qualified, fit and proper auditor who is independent of "
        "the proponent and of the Commonwealth: not employed by them, and no services to them under a "
        "contract (employment included) since the Act commenced. Each auditor's standing for this "
        "application is shown; an appointment that is not allowed is refused with reasons.",
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        field = self.fields["auditor"]
        field.application, field.day = application, clock.legal_day()


class RecordEvaluationForm(TransitionForm):
    submit = "Record the evaluation"
    evaluation = forms.FileField(
        required=False,
        label="Evaluation (PDF)",
        help_text="s32(1): the auditor's evaluation, if it has not been uploaded yet.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class PublishForCommentForm(TransitionForm):
    """s33: the Gazette, Internet and newspaper notices, the States and Territories they are for (the
    Office's decision, pre-filled from the proponent's list) and the closing day for comments."""

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
    confirm_distant_closing_day = forms.BooleanField(
        required=False,
        label="Confirm a closing day more than 12 months after the Gazette notice",
        help_text="Such a closing day is refused as a likely typing error unless confirmed here.",
    )
    affected_states = forms.MultipleChoiceField(
        choices=StateOrTerritory.choices,
        widget=forms.CheckboxSelectMultiple,
        label="States and Territories likely to be affected",
        help_text="s33(1)(b)(ii): the Office's decision (ticked: the proponent's list). Give a newspaper "
        "notice below for each one ticked, and for no other.",
    )

    def __init__(self, data=None, files=None, *, application, **kwargs):
        super().__init__(data, files, application=application, **kwargs)
        today = clock.legal_day()
        # The notices follow the evaluation (s33(1)) and are recorded once published: today at the latest.
        first = application.evaluation_received_on or today
        gazette = self._posted_gazette_date() or today
        period = statute.comment_period(gazette)
        self.fields["gazette_date"].help_text = (
            f"s33(1)(b)(i): on or after the day the evaluation was received ({statute.format_day(first)}), "
            "and not after today."
        )
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
            affected_states=list(application.affected_states),
        )
        # A row for every State and Territory, the proponent's first, so the Office may add any.
        proposed = [code for code in application.affected_states if code in StateOrTerritory.values]
        self.row_codes = proposed + [code for code in StateOrTerritory.values if code not in proposed]
        self.newspaper_rows = []
        for code in self.row_codes:
            name_field, date_field = f"newspaper_{code}", f"newspaper_{code}_published_on"
            label = StateOrTerritory(code).label
            self.fields[name_field] = forms.CharField(
                required=False, label=f"Daily newspaper circulating in {label}", max_length=200
            )
            self.fields[date_field] = forms.DateField(
                required=False, widget=DATE, label=f"Newspaper notice in {label} published on"
            )
            if code in proposed:
                self.initial.update({name_field: DAILY_NEWSPAPERS.get(code, ""), date_field: today})
            self.newspaper_rows.append((code, label, self[name_field], self[date_field]))

    def _posted_gazette_date(self):
        try:
            return self.fields["gazette_date"].clean(self.data.get("gazette_date")) if self.data else None
        except forms.ValidationError:
            return None

    def clean(self):
        cleaned = super().clean()
        for code in self.row_codes:
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
            "affected_states": list(data["affected_states"]),
            "confirm_distant_closing_day": data["confirm_distant_closing_day"],
            "newspapers": [
                {
                    "state_or_territory": code,
                    "newspaper": data[f"newspaper_{code}"].strip(),
                    "published_on": data[f"newspaper_{code}_published_on"],
                }
                for code in self.row_codes
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


WITHDRAW_CONFIRMATION = "I understand that a withdrawn application cannot be lodged again"


class LodgeForm(TransitionForm):
    """s31: no input; the guards say what is missing."""

    submit = "Lodge the application"


class WithdrawForm(TransitionForm):
    """The proponent withdraws before the decision: a reason, and a confirmation (every surface)."""

    submit = "Withdraw the application"

    reason = forms.CharField(
        label="Why is the application withdrawn?",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        error_messages={"required": "Say why the application is withdrawn."},
    )
    confirm = forms.BooleanField(
        label=WITHDRAW_CONFIRMATION,
        error_messages={
            "required": "Confirm the withdrawal: a withdrawn application cannot be lodged again."
        },
    )

    def payload(self) -> dict:
        return {"reason": self.cleaned_data["reason"], "confirm": self.cleaned_data["confirm"] is True}


# --- The Minister's decision (s30), on the Minister's dashboard -----------------------------------

ADVICE_CONSIDERED = "I have considered the advice of the Greenhouse Office about the proposed action (s30)"
NO_PRUDENT_OR_FEASIBLE_ALTERNATIVE = (
    "I am satisfied that there is no prudent or feasible alternative to the action (s30(c))"
)
TARGETS_NOT_PREVENTED = (
    "I am satisfied that the action will not prevent Australia from achieving targets for the reduction "
    "of greenhouse gas emissions set out in the Kyoto Protocol, as amended from time to time, or, if the "
    "targets set by the regulations (s8(1)) are more stringent, those targets (s30(d))"
)  # s30(d) names the wrong section for the regulations' targets: docs/INTERPRETATION.md
DECISION_FINDINGS = ("advice_considered", "no_prudent_or_feasible_alternative", "targets_not_prevented")


class DecisionForm(TransitionForm):
    """s30: the findings as checkboxes in the Act's words, and the reasons. Whether they suffice to
    approve is the guard's to say (guards.decision_refusals), so every box is optional here."""

    advice_considered = forms.BooleanField(required=False, label=ADVICE_CONSIDERED)
    no_prudent_or_feasible_alternative = forms.BooleanField(
        required=False, label=NO_PRUDENT_OR_FEASIBLE_ALTERNATIVE
    )
    targets_not_prevented = forms.BooleanField(required=False, label=TARGETS_NOT_PREVENTED)
    reasons = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        label="Reasons for the decision",
        help_text="s30, s42(1): the reasons are published with the decision.",
    )


class ApproveForm(DecisionForm):
    """s30: approval, only after considering the advice and satisfied of (c) and (d), with reasons."""

    submit = "Approve the action"
    intro = (
        "s30: the Minister may approve the action only after considering the Greenhouse Office's advice "
        "and if satisfied of the matters in s30(c) and (d)."
    )


class RefuseForm(DecisionForm):
    """s30: refusal, with reasons; a finding is recorded only if made (an unticked box is not a finding)."""

    submit = "Refuse the action"
    intro = "s30: give the reasons for refusing; record any finding you have made."

    def payload(self) -> dict:
        data = self.cleaned_data
        return {
            "reasons": data["reasons"],
            **{name: (True if data[name] else None) for name in DECISION_FINDINGS},
        }
