"""An application for the Minister's approval (s30) and its Greenhouse Impact Assessment (s31).

The state moves only through the transitions below (django-fsm-2, protected field). Each
transition declares its act once: ``section``, ``label`` and ``summary`` in ``custom``, who may in
its ``permission`` (assessments.acts binds it to its service, payload and form). A transition body
only stamps fields of this row; the executor (greenhouse_office.workflow) locks the row, checks
role, state and guards, runs the transition, writes the event and queues side effects after commit.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from assessments import guards
from greenhouse_office.jurisdictions import ACTION_LOCATIONS, OFFSHORE
from greenhouse_office.models import Organisation
from greenhouse_office.roles import OFFICE_ROLES
from greenhouse_office.workflow.events import ChainedRecord

from .auditors import IndependentAuditor


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    LODGED = "lodged", "Lodged"
    RETURNED = "returned", "Returned for amendment"
    EVALUATION_COMMISSIONED = "evaluation_commissioned", "Evaluation commissioned"
    EVALUATED = "evaluated", "Evaluated"
    OPEN_FOR_COMMENT = "open_for_comment", "Open for public comment"
    COMMENTS_CLOSED = "comments_closed", "Comments closed"
    ADVICE_GIVEN = "advice_given", "Advice given to the Minister"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


DECIDED = (State.APPROVED, State.REFUSED, State.WITHDRAWN)
BEFORE_DECISION = [s for s in State if s not in DECIDED]
# s33(1)(a): published documents stay public after comments close.
PUBLISHED = (State.OPEN_FOR_COMMENT, State.COMMENTS_CLOSED, State.ADVICE_GIVEN, State.APPROVED, State.REFUSED)


class Limb(models.TextChoices):
    """Which limb of s31(1) (and so s30) the proposed action falls under."""

    EMISSIONS = "emissions", "s31(1)(a): emissions in excess of the threshold in any 12 months"
    TARGETS = "targets", "s31(1)(b): will or is likely to inhibit the achievement of targets"
    BOTH = "both", "Both s31(1)(a) and s31(1)(b)"


class ReturnGround(models.TextChoices):
    """Why the Office returned an application; it decides whether the s32(1) 30 days start again."""

    NOT_IN_PRESCRIBED_FORM = (
        "not_in_prescribed_form",
        "Not in the prescribed form (s31): the s32(1) 30 days start again when it is lodged again",
    )
    OTHER = (
        "other",
        "Another amendment: the GIA was received under s31, so the s32(1) 30 days still run from receipt",
    )


class Recommendation(models.TextChoices):
    APPROVE = "approve", "Approve"
    REFUSE = "refuse", "Refuse"


class Application(ConcurrentTransitionMixin, ChainedRecord):
    # --- What the proponent applies for (s31) ---
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications", help_text="The proponent."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField(help_text="The proposed action.")
    location_state = models.CharField(
        "State or Territory of the action",
        max_length=8,
        choices=ACTION_LOCATIONS,
        help_text="A State or Territory (s3: the external Territories too), or offshore.",
    )
    location_description = models.TextField(
        blank=True, help_text="Where the action is: required when it is offshore (e.g. the permit area)."
    )
    affected_states = models.JSONField(
        default=list,
        blank=True,
        help_text="The proponent's list of States and Territories likely to be affected (s33(1)(b)(ii)).",
    )
    source_categories = models.JSONField(
        default=list,
        blank=True,
        help_text="Kyoto Protocol Annex A source categories of the action's emissions (s6, s8), by code.",
    )
    limb = models.CharField(max_length=10, choices=Limb, blank=True)
    gwp_set = models.CharField(
        "GWP set",
        max_length=8,
        default="SAR",
        help_text="For comparison only: the screening converts each month with the global warming "
        "potentials in force for it (s6; Kyoto Protocol Art 5(3)); this set is also applied to every "
        "month and shown beside it.",
    )
    emission_profile = models.JSONField(
        default=dict, blank=True, help_text='{"months": [...]}, tonnes by gas.'
    )
    screening = models.JSONField(
        null=True,
        blank=True,
        help_text="Threshold screening of the profile (s25), with the sets in force month by month.",
    )
    # The proponent's acknowledgements of the Office's profile warnings (emission_profiles.
    # profile_warnings): [{code, message, explanation, by, by_name, at}]. A field, not a related model:
    # they belong to one version of the profile and are replaced with it in the same row write, and
    # the event log's before/after keeps their history.
    profile_acknowledgements = models.JSONField(
        default=list,
        blank=True,
        help_text="Each warning on the emission profile, acknowledged with an explanation.",
    )
    direction = models.OneToOneField(
        "assessments.Direction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        help_text="The s35 direction this application answers, if any.",
    )

    state = FSMField(default=State.DRAFT, choices=State, protected=True)

    # --- Stamps written by transitions ---
    received_on = models.DateField(null=True, blank=True, help_text="s31: day the Office received it.")
    evaluation_due_on = models.DateField(null=True, blank=True, help_text="s32(1): evaluation deadline.")
    auditor = models.ForeignKey(
        IndependentAuditor, on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    # Who in the Office looks after it (not a state: assigning never touches ``state``).
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_applications",
        limit_choices_to={"groups__name__in": [role.value for role in OFFICE_ROLES]},  # checked by full_clean
        help_text="Office staff or the Director looking after this application "
        "(services.assignment.assign_officer).",
    )
    evaluation_commissioned_on = models.DateField(null=True, blank=True)
    evaluation_received_on = models.DateField(null=True, blank=True)
    gazette_date = models.DateField(null=True, blank=True, help_text="s33(1)(b)(i)")
    internet_published_on = models.DateField(null=True, blank=True, help_text="s33(1)(b)(iii)")
    comment_address = models.TextField(
        blank=True, help_text="s33(2)(d)(i): address for lodgment of comments."
    )
    notice_states = models.JSONField(
        default=list,
        blank=True,
        help_text="s33(1)(b)(ii): the States and Territories likely to be affected, as the Office decided "
        "when it published (the newspaper notices follow this list).",
    )
    return_ground = models.CharField(
        max_length=30,
        choices=ReturnGround,
        blank=True,
        help_text="Why the Office last returned it for amendment (s31; decides whether s32(1) restarts).",
    )
    closing_day = models.DateField(null=True, blank=True, help_text="s33(2)(d)(ii), s33(3)")
    comments_closed_at = models.DateTimeField(null=True, blank=True)
    recommendation = models.CharField(max_length=10, choices=Recommendation, blank=True)
    advice_summary = models.TextField(blank=True)
    comments_report = models.TextField(blank=True, help_text="s34(b): report on the comments.")
    advice_given_at = models.DateTimeField(null=True, blank=True)
    advice_considered = models.BooleanField(
        null=True, blank=True, help_text="s30: the Minister considered the advice."
    )
    no_prudent_or_feasible_alternative = models.BooleanField(
        null=True, blank=True, help_text="s30(c) finding."
    )
    targets_not_prevented = models.BooleanField(null=True, blank=True, help_text="s30(d) finding.")
    decision_reasons = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    # Scheduled-job stamps, so each warning is sent once (idempotent jobs).
    evaluation_warned_7_days_at = models.DateTimeField(null=True, blank=True)
    evaluation_warned_1_day_at = models.DateTimeField(null=True, blank=True)
    evaluation_overdue_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now, help_text="When the proponent started it.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "closing_day"]),
            models.Index(fields=["state", "evaluation_due_on"]),
            # The today page's comments to consider and advice to write, oldest closed first.
            models.Index(fields=["state", "comments_closed_at"]),
            # The admin's list, newest first (Meta.ordering, with the pk the admin adds as a tie-break).
            models.Index(fields=["-created_at", "-id"], name="application_newest_idx"),
            # The public registers' version (assessments.public_versions): the latest change.
            models.Index(fields=["updated_at"], name="application_updated_idx"),
            # The public register's first page, newest first (views.register): 20 rows, not a sort of all.
            models.Index(
                fields=["-gazette_date", "-id"],
                condition=models.Q(state__in=PUBLISHED),
                name="application_register_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"GHO-{self.pk:05d}" if self.pk else "GHO-(unsaved)"

    @property
    def is_published(self) -> bool:
        return self.state in PUBLISHED

    def clean(self):
        if self.location_state == OFFSHORE and not (self.location_description or "").strip():
            raise ValidationError(
                {"location_description": "An offshore action is in no State or Territory: say where it is."}
            )

    # --- Transitions: names are part of the API ---

    @transition(
        field=state,
        source=[State.DRAFT, State.RETURNED],
        target=State.LODGED,
        conditions=[
            guards.states_the_limb,
            guards.has_emission_profile,
            guards.has_gia_document,
            guards.profile_warnings_acknowledged,
            guards.amendment_requests_answered,
        ],
        permission=guards.is_the_proponent,
        custom={
            "section": "s31",
            "label": "Lodge the application",
            "summary": "the proponent lodges the application",
        },
    )
    def lodge(self, *, received_on, evaluation_due_on):
        """s31: the proponent lodges; s32(1) counts from the day of receipt (it may stand on re-lodging)."""
        if (received_on, evaluation_due_on) != (self.received_on, self.evaluation_due_on):
            # A new deadline gets its own warnings; a standing one keeps those already sent.
            self.evaluation_warned_7_days_at = None
            self.evaluation_warned_1_day_at = None
            self.evaluation_overdue_at = None
        self.received_on = received_on
        self.evaluation_due_on = evaluation_due_on

    @transition(
        field=state,
        source=State.LODGED,
        target=State.RETURNED,
        permission=guards.is_office_staff,
        custom={
            "section": "s31",
            "label": "Return for amendment",
            "summary": "Office staff return the application, naming what to amend",
        },
    )
    def return_for_amendment(self, *, ground=ReturnGround.NOT_IN_PRESCRIBED_FORM):
        """The Office returns an application for amendment, saying why (``ReturnGround``)."""
        self.return_ground = ground

    @transition(
        field=state,
        source=State.LODGED,
        target=State.EVALUATION_COMMISSIONED,
        permission=guards.is_director,
        custom={
            "section": "s32",
            "label": "Commission the independent evaluation",
            "summary": "the Director appoints an independent environmental auditor",
        },
    )
    def commission_evaluation(self, *, auditor, commissioned_on):
        """s32(2): the Director appoints an independent environmental auditor."""
        self.auditor = auditor
        self.evaluation_commissioned_on = commissioned_on

    @transition(
        field=state,
        source=State.EVALUATION_COMMISSIONED,
        target=State.EVALUATED,
        conditions=[guards.has_evaluation_document],
        permission=guards.is_appointed_auditor_or_office_staff,
        custom={
            "section": "s32(1)",
            "label": "Record the evaluation",
            "summary": "the appointed auditor or Office staff record the evaluation",
        },
    )
    def record_evaluation(self, *, received_on):
        """s32(1): the Office obtains the evaluation of the assessment."""
        self.evaluation_received_on = received_on

    @transition(
        field=state,
        source=State.EVALUATED,
        target=State.OPEN_FOR_COMMENT,
        permission=guards.is_office_staff,
        custom={
            "section": "s33",
            "label": "Publish for public comment",
            "summary": "Office staff publish the GIA and evaluation with notices inviting comment",
        },
    )
    def publish_for_comment(
        self, *, gazette_date, internet_published_on, comment_address, closing_day, notice_states
    ):
        """s33(1): publish the assessment and evaluation, with notices inviting comment."""
        self.notice_states = notice_states
        self.gazette_date = gazette_date
        self.internet_published_on = internet_published_on
        self.comment_address = comment_address
        self.closing_day = closing_day

    @transition(
        field=state,
        source=State.OPEN_FOR_COMMENT,
        target=State.COMMENTS_CLOSED,
        conditions=[guards.closing_day_has_passed],
        permission=guards.is_office_staff_or_system,
        custom={
            "section": "s33(3)",
            "label": "Close comments",
            "summary": "Office staff (or the scheduled job) close comments after the closing day",
        },
    )
    def close_comments(self, *, closed_at):
        """Comments close once the closing day (AIA s36(2)-extended) has passed."""
        self.comments_closed_at = closed_at

    @transition(
        field=state,
        source=State.COMMENTS_CLOSED,
        target=State.ADVICE_GIVEN,
        conditions=[guards.every_on_time_comment_considered],
        permission=guards.is_office_staff,
        custom={
            "section": "s34",
            "label": "Give advice to the Minister",
            "summary": "Office staff advise the Minister, with a report on the comments",
        },
    )
    def give_advice(self, *, recommendation, summary, comments_report, given_at):
        """s34: advise the Minister, with a report on the comments and their consideration."""
        self.recommendation = recommendation
        self.advice_summary = summary
        self.comments_report = comments_report
        self.advice_given_at = given_at

    @transition(
        field=state,
        source=State.ADVICE_GIVEN,
        target=State.APPROVED,
        permission=guards.is_minister,
        custom={
            "section": "s30",
            "label": "Approve the action",
            "summary": "the Minister approves, with findings (c) and (d)",
        },
    )
    def approve(self, **decision):
        """s30: approval only after considering the advice, with findings (c) and (d) true."""
        self._record_decision(**decision)

    @transition(
        field=state,
        source=State.ADVICE_GIVEN,
        target=State.REFUSED,
        permission=guards.is_minister,
        custom={
            "section": "s30",
            "label": "Refuse the action",
            "summary": "the Minister refuses",
        },
    )
    def refuse(self, **decision):
        """s30: the Minister refuses (always open to the Minister)."""
        self._record_decision(**decision)

    def _record_decision(
        self,
        *,
        advice_considered,
        no_prudent_or_feasible_alternative,
        targets_not_prevented,
        reasons,
        decided_at,
    ):
        self.advice_considered = advice_considered
        self.no_prudent_or_feasible_alternative = no_prudent_or_feasible_alternative
        self.targets_not_prevented = targets_not_prevented
        self.decision_reasons = reasons
        self.decided_at = decided_at

    @transition(
        field=state,
        source=BEFORE_DECISION,
        target=State.WITHDRAWN,
        permission=guards.is_the_proponent,
        custom={
            "section": "s31",
            "label": "Withdraw the application",
            "summary": "the proponent withdraws before the decision",
        },
    )
    def withdraw(self, *, reason, withdrawn_at):
        """The proponent withdraws before the Minister decides."""
        self.withdrawal_reason = reason
        self.withdrawn_at = withdrawn_at
