"""The public rules API: the Bill's periods, penalties and threshold test, no sign-in needed.

Thin views: each validates its input with a serializer and asks greenhouse_office.statute. A rule
that refuses is answered in the one error shape (greenhouse_office.api.errors), naming the field.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from greenhouse_office import statute
from greenhouse_office.statute.gwp import gwp_periods_in_words

from . import serializers as s
from .errors import RuleRefused

RULES_TAG = ["rules"]


def _invalid(description: str) -> OpenApiResponse:
    return OpenApiResponse(s.ErrorSerializer, description=description)


class PublicRulesView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []  # public and stateless: no session, so no CSRF either


class DayRuleView(PublicRulesView):
    """GET one rule of the Act that turns on a single day: ?<field>=YYYY-MM-DD."""

    query: type[serializers.Serializer]
    result: type[serializers.Serializer]
    field: str

    @staticmethod
    def rule(day):
        raise NotImplementedError

    def get(self, request):
        query = self.query(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            answer = self.rule(query.validated_data[self.field])
        except statute.StatuteError as error:
            raise RuleRefused(error, self.field) from error
        return Response(self.result(answer).data)


@extend_schema(
    tags=RULES_TAG,
    summary="s33(3): comment period and closing day for a Gazette date",
    parameters=[s.CommentPeriodQuery],
    responses={200: s.CommentPeriodResult, 400: _invalid("Invalid date, or one the rule does not cover")},
)
class CommentPeriodView(DayRuleView):
    query, result, field = s.CommentPeriodQuery, s.CommentPeriodResult, "gazette"
    rule = staticmethod(statute.comment_period)


@extend_schema(
    tags=RULES_TAG,
    summary="s32(1): deadline to obtain the independent evaluation",
    parameters=[s.EvaluationDeadlineQuery],
    responses={
        200: s.EvaluationDeadlineResult,
        400: _invalid("Invalid date, or one the rule does not cover"),
    },
)
class EvaluationDeadlineView(DayRuleView):
    query, result, field = s.EvaluationDeadlineQuery, s.EvaluationDeadlineResult, "received"
    rule = staticmethod(statute.evaluation_deadline)


class PenaltyView(PublicRulesView):
    @extend_schema(
        tags=RULES_TAG,
        summary="Part 4: maximum penalty for a section and kind of person on a date",
        parameters=[s.PenaltyQuery],
        responses={
            200: s.PenaltyResult,
            400: _invalid("Unknown section or person, or a person the section does not cover"),
        },
    )
    def get(self, request):
        query = s.PenaltyQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        try:
            penalty = statute.maximum_penalty(f"s{data['section']}", data["person"], on=data.get("on"))
        except statute.NotApplicable as error:
            raise RuleRefused(error, "person") from error
        except statute.StatuteError as error:
            raise RuleRefused(error, "on") from error
        return Response(s.PenaltyResult(penalty).data)


class ScreeningView(PublicRulesView):
    """Without ``gwp_set``, each month with the GWP set in force for it (s6, Kyoto Art 5(3)); with one,
    every month with that set, as a comparison. ``conclusion`` says what monthly figures can tell about
    "in any period of 12 months" (ss25, 31): in_excess, cannot_rule_out or not_in_excess."""

    throttle_scope = "screening"

    @extend_schema(
        tags=RULES_TAG,
        summary="ss25, 31: is an emission profile in excess of 50,000 t CO2-e in any period of 12 months?",
        description="Leave out gwp_set for the legal answer: each month is converted with the global "
        f"warming potentials in force for it ({gwp_periods_in_words()}; s6, Kyoto Protocol Art 5(3)); "
        "NF3 counts only from the second commitment period (Doha Amendment). Give gwp_set to "
        "compare: every month is converted with it (gwp_basis says which). A period of 12 months "
        "that does not begin on the first of a month touches 13 calendar months, so the conclusion is "
        "in_excess (some 12 consecutive months are), cannot_rule_out (only some 13 are: daily "
        "figures for the first and last month of each span in spans_to_settle would settle it) or "
        "not_in_excess; exceeds_threshold is the 12-month answer.",
        request=s.ScreeningRequest,
        responses={
            200: s.ScreeningResultSerializer,
            400: _invalid("Invalid profile"),
            429: _invalid("Too many screenings from this client; try again later"),
        },
    )
    def post(self, request):
        screening = s.ScreeningRequest(data=request.data)
        screening.is_valid(raise_exception=True)
        try:
            result = statute.screen_profile(screening.profile(), screening.validated_data.get("gwp_set"))
        except statute.StatuteError as error:
            raise RuleRefused(error, "months") from error
        return Response(s.screening_result_data(result), status=status.HTTP_200_OK)
