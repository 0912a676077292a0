"""Request and response shapes of the assessments API. Serializers check shapes; services judge rules."""

import copy

from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from assessments import selectors
from assessments.models import (
    AmendmentRequest,
    Application,
    ApplicationEvent,
    Comment,
    Direction,
    Document,
    IndependentAuditor,
    Limb,
    NewspaperNotice,
    Recommendation,
    ReturnGround,
    State,
)
from assessments.services.notice import notice_text
from greenhouse_office import bounds, statute
from greenhouse_office.api.serializers import ErrorSerializer as ErrorSerializer  # every API's error shape
from greenhouse_office.api.serializers import MonthEmissions, StrictSerializer
from greenhouse_office.emission_profiles import (
    MAX_EXPLANATION_CHARS,
    MAX_PROFILE_MONTHS,
    stored_profile_warnings,
)
from greenhouse_office.jurisdictions import ACTION_LOCATIONS, StateOrTerritory
from greenhouse_office.models import Organisation
from greenhouse_office.workflow.acts import transition_names

# --- Shared -----------------------------------------------------------------------------------


class BuiltOnce:
    """A model serializer whose fields are built from the model once per class, then copied.

    DRF builds every field of a ModelSerializer from the model's metadata for each instance: two thirds
    of serialising an application's detail. What it builds depends on the class alone (its Meta and
    declared fields), so the first build is kept and each instance gets a copy of it (``_fresh``).
    """

    def get_fields(self):
        built = type(self).__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            type(self)._built_fields = built  # on this class: a subclass builds its own
        return {name: _fresh(field) for name, field in built.items()}

    def to_representation(self, instance):
        """DRF's, with each plain column read straight from the row (``_column``).

        A list's rows pass through one serializer, and DRF's general reading of each field (its
        source path, callables, defaults) was most of the cost of a long timeline; each field still
        renders its value itself, so the answer is the same."""
        if not isinstance(instance, self.Meta.model):
            return super().to_representation(instance)
        plan = self.__dict__.get("_plan")
        if plan is None:
            plan = self._plan = [
                (f.field_name, f, _column(f, self.Meta.model)) for f in self._readable_fields
            ]
        answer = {}
        for name, field, column in plan:
            if column is not None:
                value = check = getattr(instance, column)
            else:
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
                check = value.pk if isinstance(value, PKOnlyObject) else value
            answer[name] = None if check is None else field.to_representation(value)
        return answer


def _column(field, model) -> str | None:
    """The attribute of ``model``'s concrete, non-relational column that ``field`` shows, or None when
    DRF's own reading is needed (a method field, a relation, a dotted source, a custom reading)."""
    if type(field).get_attribute is not serializers.Field.get_attribute or len(field.source_attrs) != 1:
        return None
    try:
        column = model._meta.get_field(field.source_attrs[0])
    except FieldDoesNotExist:
        return None
    return column.attname if column.concrete and not column.is_relation else None


def _fresh(field):
    """A copy of a kept field for one serializer instance to bind.

    The kept fields are never bound, so a plain field's attributes are copied as they are (binding
    sets the copy's own name and parent); a field holding a bound field of its own (a nested
    serializer, a list's child) is copied deeply, as DRF copies declared fields, so that the inner
    one's parent is the copy. A deep copy of every field was most of the copying's cost.
    """
    holds_a_field = hasattr(field, "child") or hasattr(field, "child_relation")
    if holds_a_field or isinstance(field, serializers.BaseSerializer):
        return copy.deepcopy(field)
    return copy.copy(field)


class OrganisationSerializer(BuiltOnce, serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "abn"]


def _user_name(user) -> str:
    return user.get_full_name() or user.get_username()


# --- Applications -----------------------------------------------------------------------------


class EmissionProfileSerializer(StrictSerializer):
    months = MonthEmissions(many=True, allow_empty=False, max_length=MAX_PROFILE_MONTHS)

    def validate(self, attrs):
        # On PATCH DRF would skip the missing "months" and store {} (no profile): refuse it instead.
        if "months" not in attrs:
            raise serializers.ValidationError({"months": [self.fields["months"].error_messages["required"]]})
        return attrs


class AcknowledgementInput(StrictSerializer):
    code = serializers.CharField(
        help_text="The warning's code, as listed in the application's profile_warnings."
    )
    explanation = serializers.CharField(
        max_length=MAX_EXPLANATION_CHARS, help_text="Why the profile is right despite the warning."
    )


class ApplicationInput(StrictSerializer):
    """What the proponent supplies (s31). On PATCH every field is optional."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(help_text="The proposed action.")
    location_state = serializers.ChoiceField(
        choices=ACTION_LOCATIONS,
        help_text="The State or Territory of the action (s3: the external Territories too), or offshore.",
    )
    location_description = serializers.CharField(
        required=False, allow_blank=True, help_text="Where the action is; required when it is offshore."
    )
    affected_states = serializers.ListField(
        child=serializers.ChoiceField(choices=StateOrTerritory.choices),
        required=False,
        help_text="States and Territories likely to be affected (s33(1)(b)(ii)); default: the action's.",
    )
    source_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=statute.SOURCE_CATEGORY_CHOICES),
        required=False,
        help_text="Kyoto Protocol Annex A source categories of the action's emissions (s6, s8), by code.",
    )
    limb = serializers.ChoiceField(choices=Limb.choices, required=False, allow_blank=True)
    gwp_set = serializers.ChoiceField(
        choices=[(name, gwp_set.report) for name, gwp_set in statute.GWP_SETS.items()],
        required=False,
        help_text="For comparison only: the stored screening converts each month with the global warming "
        "potentials in force for it (s6; Kyoto Protocol Art 5(3)); this set is screened beside it.",
    )
    emission_profile = EmissionProfileSerializer(
        required=False,
        allow_null=True,
        help_text="Monthly tonnes of each gas (ss25, 31), screened when stored; at least one month. "
        "Send null to clear it (a draft may have none; lodging needs one). A malformed profile is "
        'refused and the stored one is kept; {} and {"months": []} are refused, not read as null.',
    )
    profile_acknowledgements = AcknowledgementInput(
        many=True,
        required=False,
        help_text="Acknowledge warnings of the Office's profile checks (profile_warnings), each with an "
        "explanation; every warning must be acknowledged before lodging. Acknowledgements of warnings "
        "that no longer arise on the profile are dropped.",
    )
    direction = serializers.IntegerField(
        required=False, help_text="Id of the s35 direction this application answers, if any."
    )


class ApplicationAmendment(ApplicationInput):
    """What the proponent may change on a draft or returned application (PATCH: every field optional).

    The s35 direction is chosen when the application is started, so it is not a field here.
    """

    direction = None


class DocumentSerializer(BuiltOnce, serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "kind", "original_name", "size", "sha256", "uploaded_at", "withheld_under_s42"]
        fields += ["download_url"]

    def get_download_url(self, document) -> str:
        path = reverse("api-application-document", args=[document.application_id, document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class DocumentUpload(StrictSerializer):
    # The decision (s30) is issued by the system, never uploaded.
    kind = serializers.ChoiceField(
        choices=[c for c in Document.Kind.choices if c[0] != Document.Kind.DECISION]
    )
    file = serializers.FileField(help_text="A PDF (judged by its content).")


OFFICE_ONLY_PAYLOADS = ("give_advice", "consider_comment", "record_comment")


class TimelineEventSerializer(BuiltOnce, serializers.ModelSerializer):
    from_state = serializers.CharField(source="from_state")
    to_state = serializers.CharField(source="to_state")
    by = serializers.CharField(source="actor_name", help_text="Username, or 'system' for scheduled jobs.")
    payload = serializers.SerializerMethodField()

    class Meta:
        model = ApplicationEvent
        fields = ["sequence", "kind", "transition", "from_state", "to_state", "by", "role", "section", "at"]
        fields += ["payload", "hash"]
        extra_kwargs = {
            "kind": {"help_text": "transition: an act that moved the state; change: an edit between acts."}
        }

    def get_fields(self):
        # "from" and "to" are Python keywords, so they are declared under other names.
        renamed = {"from_state": "from", "to_state": "to"}
        return {renamed.get(name, name): field for name, field in super().get_fields().items()}

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_payload(self, event) -> dict:
        # The advice, and the consideration of comments that goes into its report (s34(b)), are for
        # the Office and the Minister only.
        if event.transition in OFFICE_ONLY_PAYLOADS and not self.context.get("may_see_advice"):
            return {}
        return event.payload


class AmendmentRequestSerializer(BuiltOnce, serializers.ModelSerializer):
    class Meta:
        model = AmendmentRequest
        fields = ["id", "kind", "detail", "requested_at", "response", "answered_at"]


class AmendmentAnswer(StrictSerializer):
    response = serializers.CharField(help_text="What was changed.")


class NewspaperNoticeSerializer(BuiltOnce, serializers.ModelSerializer):
    class Meta:
        model = NewspaperNotice
        fields = ["state_or_territory", "newspaper", "published_on"]


class DeadlinesSerializer(serializers.Serializer):
    received_on = serializers.DateField(allow_null=True, help_text="s31: day the Office received it.")
    evaluation_due_on = serializers.DateField(allow_null=True, help_text="s32(1): evaluation deadline.")
    closing_day = serializers.DateField(allow_null=True, help_text="s33(2)(d)(ii): as in the notice.")
    effective_closing_day = serializers.DateField(
        allow_null=True,
        help_text="Comments made by this day are on time: the closing day, moved past a weekend or "
        "public holiday (AIA s36(2)).",
    )


class AuditorBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField(source="user.username")
    name = serializers.SerializerMethodField()

    def get_name(self, auditor) -> str:
        return _user_name(auditor.user)


class AdviceSerializer(serializers.Serializer):
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    summary = serializers.CharField(source="advice_summary")
    comments_report = serializers.CharField(help_text="s34(b): the report on the comments.")
    given_at = serializers.DateTimeField(source="advice_given_at")


class DecisionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[State.APPROVED, State.REFUSED], source="state")
    advice_considered = serializers.BooleanField(allow_null=True)
    no_prudent_or_feasible_alternative = serializers.BooleanField(
        allow_null=True, help_text="s30(c) finding (null: not made, as a refusal needs none)."
    )
    targets_not_prevented = serializers.BooleanField(
        allow_null=True, help_text="s30(d) finding (null: not made, as a refusal needs none)."
    )
    reasons = serializers.CharField(source="decision_reasons")
    decided_at = serializers.DateTimeField()


class WithdrawalSerializer(serializers.Serializer):
    reason = serializers.CharField(source="withdrawal_reason")
    withdrawn_at = serializers.DateTimeField()


class ApplicationSummarySerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer()

    class Meta:
        model = Application
        fields = ["id", "reference", "title", "state", "organisation", "limb", "received_on"]
        fields += ["closing_day", "created_at", "updated_at"]


class ProfileWarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["short_profile", "gas_never_above_zero", "month_spike", "gas_spike"]
    )
    month = serializers.CharField(allow_null=True)
    gas = serializers.CharField(allow_null=True)
    message = serializers.CharField()
    acknowledged = serializers.BooleanField()


class AcknowledgementSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    explanation = serializers.CharField()
    by_name = serializers.CharField()
    at = serializers.DateTimeField()


class ApplicationDetailSerializer(BuiltOnce, serializers.ModelSerializer):
    """An application as the caller may see it; advice only for the Office and the Minister."""

    organisation = OrganisationSerializer()
    available_transitions = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    amendment_requests = AmendmentRequestSerializer(many=True)
    newspaper_notices = NewspaperNoticeSerializer(many=True)
    auditor = AuditorBriefSerializer(allow_null=True)
    advice = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()
    withdrawal = serializers.SerializerMethodField()
    profile_warnings = serializers.SerializerMethodField()
    profile_acknowledgements = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "organisation",
            "location_state",
            "location_description",
            "affected_states",
            "notice_states",
            "source_categories",
            "limb",
            "gwp_set",
            "emission_profile",
            "screening",
            "profile_warnings",
            "profile_acknowledgements",
            "state",
            "available_transitions",
            "timeline",
            "deadlines",
            "documents",
            "amendment_requests",
            "auditor",
            "evaluation_commissioned_on",
            "evaluation_received_on",
            "gazette_date",
            "internet_published_on",
            "comment_address",
            "newspaper_notices",
            "advice",
            "decision",
            "withdrawal",
            "created_at",
            "updated_at",
        ]

    def _user(self):
        return self.context["request"].user

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=transition_names(Application)))
    )
    def get_available_transitions(self, application) -> list[str]:
        from assessments.acts import available_acts  # the registry imports these serializers

        return available_acts(application, self._user())

    @extend_schema_field(ProfileWarningSerializer(many=True))
    def get_profile_warnings(self, application):
        """The Office's data-quality warnings on the profile (not the Act's rules), each acknowledged?"""
        acknowledged = {a["code"] for a in application.profile_acknowledgements or []}
        return ProfileWarningSerializer(
            [
                {**w.as_dict(), "acknowledged": w.code in acknowledged}
                for w in stored_profile_warnings(application.emission_profile)
            ],
            many=True,
        ).data

    @extend_schema_field(AcknowledgementSerializer(many=True))
    def get_profile_acknowledgements(self, application):
        return AcknowledgementSerializer(application.profile_acknowledgements or [], many=True).data

    @extend_schema_field(TimelineEventSerializer(many=True))
    def get_timeline(self, application):
        context = {**self.context, "may_see_advice": selectors.may_see_advice(self._user())}
        return TimelineEventSerializer(application.events.all(), many=True, context=context).data

    @extend_schema_field(DeadlinesSerializer)
    def get_deadlines(self, application):
        closing_day = application.closing_day
        return DeadlinesSerializer(
            {
                "received_on": application.received_on,
                "evaluation_due_on": application.evaluation_due_on,
                "closing_day": closing_day,
                "effective_closing_day": statute.effective_closing_day(closing_day) if closing_day else None,
            }
        ).data

    @extend_schema_field(AdviceSerializer(allow_null=True))
    def get_advice(self, application):
        if application.advice_given_at is None or not selectors.may_see_advice(self._user()):
            return None
        return AdviceSerializer(application).data

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, application):
        # From the prefetch (no query per row); the decision and advice PDFs only for those who may see them.
        documents = selectors.visible_documents(self._user(), application, application.documents.all())
        return DocumentSerializer(documents, many=True, context=self.context).data

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, application):
        return DecisionSerializer(application).data if application.decided_at else None

    @extend_schema_field(WithdrawalSerializer(allow_null=True))
    def get_withdrawal(self, application):
        return WithdrawalSerializer(application).data if application.withdrawn_at else None


class TransitionResultSerializer(ApplicationDetailSerializer):
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="Lawful but worth knowing, e.g. late newspaper notices."
    )

    class Meta(ApplicationDetailSerializer.Meta):
        fields = [*ApplicationDetailSerializer.Meta.fields, "warnings"]


# --- Transition payloads ----------------------------------------------------------------------


class NoPayload(StrictSerializer):
    pass


class AmendmentRequestInput(StrictSerializer):
    kind = serializers.ChoiceField(choices=AmendmentRequest.Kind.choices)
    detail = serializers.CharField(help_text="What is missing or wrong.")


class ReturnForAmendmentPayload(StrictSerializer):
    requests = AmendmentRequestInput(many=True, allow_empty=False)
    ground = serializers.ChoiceField(
        choices=ReturnGround.choices,
        required=False,
        default=ReturnGround.NOT_IN_PRESCRIBED_FORM,
        help_text="Why it is returned: not in the prescribed form (s31; the s32(1) 30 days start again on "
        "lodging again) or another amendment (they run on from the first receipt).",
    )


class CommissionEvaluationPayload(StrictSerializer):
    auditor = serializers.PrimaryKeyRelatedField(
        queryset=IndependentAuditor.objects.select_related("user"),
        help_text="Id of the independent environmental auditor in the register (s32(2)).",
    )


class NewspaperNoticeInput(StrictSerializer):
    state_or_territory = serializers.ChoiceField(choices=StateOrTerritory.choices)
    newspaper = serializers.CharField(max_length=200)
    published_on = serializers.DateField()


class PublishForCommentPayload(StrictSerializer):
    gazette_date = serializers.DateField(help_text="s33(1)(b)(i)")
    internet_published_on = serializers.DateField(help_text="s33(1)(b)(iii)")
    comment_address = serializers.CharField(help_text="s33(2)(d)(i): address for lodgment of comments.")
    closing_day = serializers.DateField(
        help_text="s33(2)(d)(ii), s33(3); see /api/v1/rules/comment-period for the earliest lawful day."
    )
    newspapers = NewspaperNoticeInput(
        many=True, help_text="s33(1)(b)(ii): one per State or Territory in affected_states, and no other."
    )
    affected_states = serializers.ListField(
        child=serializers.ChoiceField(choices=StateOrTerritory.choices),
        required=False,
        allow_empty=False,
        help_text="s33(1)(b)(ii): the States and Territories likely to be affected, as the Office decides; "
        "default: the proponent's list (the application's affected_states).",
    )
    confirm_distant_closing_day = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Confirms a closing day more than 12 months after the Gazette notice (otherwise refused "
        "as a likely typing error).",
    )


class GiveAdvicePayload(StrictSerializer):
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    summary = serializers.CharField()


class DecisionPayload(StrictSerializer):
    """s30: approval, with the findings it needs."""

    advice_considered = serializers.BooleanField(help_text="s30: the Minister considered the advice.")
    no_prudent_or_feasible_alternative = serializers.BooleanField(help_text="s30(c) finding.")
    targets_not_prevented = serializers.BooleanField(help_text="s30(d) finding.")
    reasons = serializers.CharField()


class RefusePayload(StrictSerializer):
    """s30: refusal needs reasons; findings may be recorded but none is needed."""

    reasons = serializers.CharField()
    advice_considered = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="s30: the Minister considered the advice."
    )
    no_prudent_or_feasible_alternative = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="s30(c) finding, if made."
    )
    targets_not_prevented = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="s30(d) finding, if made."
    )


class WithdrawPayload(StrictSerializer):
    reason = serializers.CharField(help_text="Why the proponent withdraws.")
    confirm = serializers.BooleanField(
        help_text="Send true to confirm: a withdrawn application cannot be lodged again."
    )


# --- Comments (s33(2)(c), s34) ----------------------------------------------------------------


class CommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Comment
        fields = [
            "id",
            "reference",
            "name",
            "email",
            "organisation",
            "text",
            "received_at",
            "channel",
            "at_notice_address",
            "on_time",
            "status",
            "consent_to_publish",
            "considered",
            "response",
            "considered_at",
        ]


class CommentInput(StrictSerializer):
    """A comment received by email or post (or on paper at the counter), recorded by Office staff."""

    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    text = serializers.CharField()
    received_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=Comment.Channel.choices)
    at_notice_address = serializers.BooleanField(
        required=False, default=True, help_text="s34(a): made at the address specified in the notice."
    )


class CommentConsideration(StrictSerializer):
    considered = serializers.BooleanField()
    response = serializers.CharField(required=False, allow_blank=True, default="")


class PublicCommentInput(StrictSerializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(help_text="Your receipt is sent here. Never published.")
    organisation = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="On whose behalf, if anyone's.",
    )
    text = serializers.CharField(
        max_length=bounds.MAX_COMMENT_CHARS,
        help_text="Your comment on the assessment, the evaluation or both "
        f"(at most {bounds.MAX_COMMENT_CHARS:,} characters).",
    )
    consent_to_publish = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Publish the comment on the register with your name and organisation (after the Office's "
        "review). Without consent it is still considered (s34), not published.",
    )


class PublishedCommentSerializer(serializers.Serializer):
    """A comment as the register shows it (selectors.published_comments): a redaction's text if any."""

    reference = serializers.CharField()
    name = serializers.CharField()
    organisation = serializers.CharField()
    received_at = serializers.DateTimeField()
    text = serializers.CharField(source="public_text")
    redacted = serializers.SerializerMethodField(help_text="The Office removed part of it from public view.")

    def get_redacted(self, comment) -> bool:
        return comment.redacted_text is not None


class PublicCommentReceipt(serializers.ModelSerializer):
    class Meta:
        model = Comment
        fields = ["reference", "received_at", "on_time"]


# --- The register and directions --------------------------------------------------------------


class EngagementSerializer(serializers.Serializer):
    organisation = OrganisationSerializer()
    kind = serializers.CharField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    description = serializers.CharField()


class AuditorSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")
    name = serializers.SerializerMethodField()
    engagements = EngagementSerializer(many=True, help_text="Employment and contracts (s32(2)).")

    class Meta:
        model = IndependentAuditor
        fields = ["id", "username", "name", "qualifications", "qualified_declared_on"]
        fields += ["fit_and_proper_declared_on", "registered_on", "engagements"]

    def get_name(self, auditor) -> str:
        return _user_name(auditor.user)


class DirectionInput(StrictSerializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), help_text="The person directed (its organisation's id)."
    )
    action = serializers.CharField(help_text="The action to be assessed.")
    due_on = serializers.DateField()


class DirectionSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer()
    directed_by = serializers.CharField(source="directed_by.username")
    application = serializers.SerializerMethodField()

    class Meta:
        model = Direction
        fields = ["id", "organisation", "action", "due_on", "directed_by", "directed_at", "fulfilled_at"]
        fields += ["application"]

    def get_application(self, direction) -> int | None:
        application = getattr(direction, "application", None)
        return application.pk if application else None


# --- The public register (s33(1)) -------------------------------------------------------------


class PublicDocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "kind", "size", "sha256", "uploaded_at", "download_url"]

    def get_download_url(self, document) -> str:
        path = reverse("api-public-assessment-document", args=[document.application_id, document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PublicAssessmentSummarySerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", help_text="The proponent.")
    effective_closing_day = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = ["id", "reference", "title", "organisation", "state", "gazette_date", "closing_day"]
        fields += ["effective_closing_day"]

    @extend_schema_field(OpenApiTypes.DATE)
    def get_effective_closing_day(self, application):
        return statute.effective_closing_day(application.closing_day) if application.closing_day else None


class PublicAssessmentSerializer(PublicAssessmentSummarySerializer):
    documents = PublicDocumentSerializer(many=True, source="public_documents")
    newspaper_notices = NewspaperNoticeSerializer(many=True)
    notice_text = serializers.SerializerMethodField(
        help_text="s33(2): the notice as published in the Gazette, newspapers and on the Internet."
    )

    def get_notice_text(self, application) -> str:
        return notice_text(application)  # it points at the assessment's page, never at the API

    class Meta(PublicAssessmentSummarySerializer.Meta):
        fields = [
            *PublicAssessmentSummarySerializer.Meta.fields,
            "description",
            "location_state",
            "location_description",
            "affected_states",
            "notice_states",
            "source_categories",
            "internet_published_on",
            "comment_address",
            "newspaper_notices",
            "notice_text",
            "documents",
            "screening",
        ]
