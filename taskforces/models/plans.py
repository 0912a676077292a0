"""Industry greenhouse plans (Part 7): prepared by a task force (s36(1)(a)) or the Office (s37), given to
the Minister, public within a month (s38), reviewed at least once in every 3 years (s39).

The state moves only through the transitions below, run by the workflow core's executor (services in
``taskforces.services.plans``); each is logged in the plan's hash-chained ``PlanEvent`` log. A transition
body only stamps this row; the versions and reviews it names are written by the service in the same
transaction.
"""

from django.conf import settings
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from greenhouse_office import statute
from greenhouse_office.workflow.events import ChainedEvent, ChainedRecord
from taskforces import guards


class PlanState(models.TextChoices):
    DRAFTING = "drafting", "Being prepared"
    GIVEN_TO_MINISTER = "given_to_minister", "Given to the Minister"
    PUBLISHED = "published", "Published"
    UNDER_REVIEW = "under_review", "Under review"


class PreparedBy(models.TextChoices):
    TASKFORCE = "taskforce", "The task force (s36(1)(a))"
    OFFICE = "office", "The Greenhouse Office (s37)"


class Reviewer(models.TextChoices):
    TASKFORCE = "taskforce", "The relevant task force (s39(2))"
    DETERMINED = "determined", "A person the Minister determined on the Office's advice (s39(2))"


class IndustryGreenhousePlan(ConcurrentTransitionMixin, ChainedRecord):
    """The industry greenhouse plan for one source category, through all its versions."""

    source_category = models.OneToOneField(
        "taskforces.SourceCategory", on_delete=models.PROTECT, related_name="plan"
    )
    prepared_by = models.CharField(max_length=12, choices=PreparedBy, default=PreparedBy.TASKFORCE)
    title = models.CharField(max_length=200)
    state = FSMField(default=PlanState.DRAFTING, choices=PlanState, protected=True)
    # Stamped by the transitions (the current version's dates).
    received_on = models.DateField(
        "received by the Minister on", null=True, blank=True, editable=False, help_text="s38"
    )
    publication_due_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="s38: within one month after the Minister received it.",
    )
    first_published_on = models.DateField(null=True, blank=True, editable=False)
    published_on = models.DateField(
        "current version published on", null=True, blank=True, editable=False, help_text="s38"
    )
    last_reviewed_on = models.DateField(null=True, blank=True, editable=False, help_text="s39(1)")
    review_due_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="s39(1): within 3 years after publication or the last review (moved to a business day).",
    )
    created_at = models.DateTimeField(editable=False)

    class Meta:
        ordering = ["source_category__position"]
        indexes = [
            models.Index(fields=["state", "publication_due_on"], name="plan_publication_due_idx"),
            models.Index(fields=["state", "review_due_on"], name="plan_review_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    # --- Transitions: each declares its act once (assembled in taskforces.acts) ---

    @transition(
        field=state,
        source=PlanState.DRAFTING,
        target=PlanState.GIVEN_TO_MINISTER,
        conditions=[guards.has_draft_text],
        permission=guards.is_office_staff,
        custom={
            "section": "s36(1)(a), s37",
            "label": "Record the plan as given to the Minister",
            "summary": "Office staff record the day the Minister received the plan; s38's month starts",
        },
    )
    def give_to_minister(self, *, received_on):
        self.received_on = received_on
        self.publication_due_on = statute.plan_publication_deadline(received_on).deadline

    @transition(
        field=state,
        source=PlanState.GIVEN_TO_MINISTER,
        target=PlanState.PUBLISHED,
        permission=guards.is_office_staff,
        custom={
            "section": "s38",
            "label": "Publish the plan",
            "summary": "Office staff make the plan available on the Internet and on request",
        },
    )
    def publish(self, *, published_on):
        self.published_on = published_on
        self.first_published_on = self.first_published_on or published_on
        self.review_due_on = statute.next_plan_review_due(published_on).deadline

    @transition(
        field=state,
        source=PlanState.PUBLISHED,
        target=PlanState.UNDER_REVIEW,
        permission=guards.is_office_staff,
        custom={
            "section": "s39",
            "label": "Begin a review of the plan",
            "summary": "Office staff record the review the Minister causes, and who undertakes it",
        },
    )
    def begin_review(self):
        """Nothing of the plan's own changes: the review (who, since when) is its own row."""

    @transition(
        field=state,
        source=PlanState.UNDER_REVIEW,
        target=PlanState.PUBLISHED,
        permission=guards.is_office_staff,
        custom={
            "section": "s39(1)",
            "label": "Complete the review",
            "summary": "Office staff record the review's outcome and publish any revision",
        },
    )
    def complete_review(self, *, completed_on, revised: bool):
        self.last_reviewed_on = completed_on
        self.review_due_on = statute.next_plan_review_due(completed_on).deadline
        if revised:
            self.published_on = completed_on

    # --- Reading ---

    @property
    def current_version(self):
        """The version the public reads now (the latest published), or None before publication."""
        published = [v for v in self.versions.all() if v.published_on is not None]
        return max(published, key=lambda v: v.number) if published else None

    @property
    def draft(self):
        """The version being prepared (not yet published), or None."""
        return next((v for v in self.versions.all() if v.published_on is None), None)


class PlanVersion(models.Model):
    """One version of a plan's text: the first as given to the Minister, then each revision after review."""

    plan = models.ForeignKey(IndustryGreenhousePlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    summary = models.TextField(help_text="What the plan does, in a paragraph the public reads first.")
    text = models.TextField(
        help_text="The plan. Paragraphs separated by a blank line; a line starting '# ' is a heading."
    )
    received_on = models.DateField("received by the Minister on", null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    # The published PDF, rendered once after publication (s38: available on request).
    file = models.FileField(upload_to="plans/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_number")]

    def __str__(self) -> str:
        return f"{self.plan} (version {self.number})"


class PlanReview(models.Model):
    """s39: a review of a plan, who undertook it (s39(2)), and its outcome."""

    plan = models.ForeignKey(IndustryGreenhousePlan, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.CharField(max_length=12, choices=Reviewer)
    reviewer_name = models.CharField(
        max_length=200, blank=True, help_text="The person or persons determined (s39(2)), by name."
    )
    determined_on = models.DateField(
        null=True, blank=True, help_text="The day the Minister determined the reviewer (s39(2))."
    )
    office_advice = models.TextField(
        blank=True, help_text="The Office's advice on who should review it (s39(2))."
    )
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    revised_version = models.OneToOneField(
        PlanVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="review"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan", "started_on", "pk"]

    def __str__(self) -> str:
        return f"Review of {self.plan} begun {self.started_on:%-d %B %Y}"

    @property
    def reviewer_in_words(self) -> str:
        if self.reviewer == Reviewer.TASKFORCE:
            return "The task force"
        return self.reviewer_name or "A person the Minister determined"


class PlanEvent(ChainedEvent):
    """Who did which act or change to a plan, when, under which section (append-only, hash-chained)."""

    chain_field = "plan"

    plan = models.ForeignKey(IndustryGreenhousePlan, on_delete=models.PROTECT, related_name="events")

    class Meta:
        ordering = ["plan", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "sequence"], name="one_plan_event_per_sequence")
        ]
