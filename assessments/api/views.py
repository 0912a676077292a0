"""The signed-in API: proponents, Office staff, the Director, auditors and the Minister.

Thin views: check the request's shape with a serializer, find what the caller may see with
assessments.selectors (anything else is 404), call one service, and answer with the result.
A refused act (AssessmentError) becomes its status (400, 403, 404 or 409) in the one error shape of
greenhouse_office.api.errors. Every list is paged (greenhouse_office.api.pagination).
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from assessments import selectors, services
from assessments.models import AmendmentRequest, Comment
from assessments.services.executor import check_may
from greenhouse_office.api.pagination import CursorPages

from . import serializers as s
from .base import AssessmentsAPIView, CommentCursorPages, JSONErrorsNegotiation, pdf_download
from .permissions import IsOffice
from .transitions import STEPS

TAG = ["assessments"]
REFUSALS = {
    400: OpenApiResponse(s.ErrorSerializer, description="Invalid input, or a rule of the Act refused it"),
    403: OpenApiResponse(s.ErrorSerializer, description="The caller's role may not do this"),
    404: OpenApiResponse(s.ErrorSerializer, description="Not found, or not visible to the caller"),
    409: OpenApiResponse(
        s.ErrorSerializer, description="Not possible in the current state, or someone else acted first"
    ),
}


def _refusals(*codes: int) -> dict:
    return {code: REFUSALS[code] for code in codes}


class ApplicationView(AssessmentsAPIView):
    # Finds the application among those the caller may see (else 404) and answers with its detail.

    def application(self, pk):
        application = selectors.application_for(self.request.user, pk)
        if application is None:
            raise Http404
        return application

    def visible(self, pk):
        """The application without what its detail shows: for its lists, which fetch their own rows."""
        application = selectors.applications_visible_to(self.request.user).filter(pk=pk).first()
        if application is None:
            raise Http404
        return application

    def detail(self, application, *, status_code=status.HTTP_200_OK, **extra) -> Response:
        data = s.ApplicationDetailSerializer(application, context={"request": self.request}).data
        return Response({**data, **extra}, status=status_code)

    def changed(self, application, **kwargs) -> Response:
        """The detail after a service changed it, re-read with everything the detail shows."""
        return self.detail(self.application(application.pk), **kwargs)


class ApplicationListView(ApplicationView):
    pagination_class = CursorPages
    ordering = ("-created_at", "-pk")  # newest first

    @extend_schema(
        tags=TAG,
        summary="Applications the caller may see, newest first (cursor pages)",
        responses={200: s.ApplicationSummarySerializer(many=True)},
    )
    def get(self, request):
        return self.page(selectors.applications_visible_to(request.user), s.ApplicationSummarySerializer)

    @extend_schema(
        tags=TAG,
        summary="s31: a proponent starts an application (a draft)",
        request=s.ApplicationInput,
        responses={201: s.ApplicationDetailSerializer, **_refusals(400, 403)},
    )
    def post(self, request):
        services.may_apply(request.user)  # the role before the input's shape, as for every act
        data = _valid(s.ApplicationInput, request.data)
        application = services.create_application(actor=request.user, data=data)
        return self.changed(application, status_code=status.HTTP_201_CREATED)


class ApplicationDetailView(ApplicationView):
    @extend_schema(
        tags=TAG,
        summary="An application: state, available transitions, timeline, deadlines, documents",
        responses={200: s.ApplicationDetailSerializer, **_refusals(404)},
    )
    def get(self, request, pk):
        return self.detail(self.application(pk))

    @extend_schema(
        tags=TAG,
        summary="The proponent amends a draft or returned application",
        request=s.ApplicationAmendment(partial=True),
        responses={200: s.ApplicationDetailSerializer, **_refusals(400, 403, 404, 409)},
    )
    def patch(self, request, pk):
        application = self.application(pk)
        services.may_amend(application, request.user)
        data = _valid(s.ApplicationAmendment, request.data, partial=True)
        services.update_application(application=application, actor=request.user, data=data)
        return self.changed(application)


class DocumentListView(ApplicationView):
    parser_classes = [MultiPartParser, FormParser]
    ordering = ("uploaded_at", "pk")

    @extend_schema(
        tags=TAG,
        summary="The application's documents, in the order uploaded",
        responses={200: s.DocumentSerializer(many=True), **_refusals(404)},
    )
    def get(self, request, pk):
        documents = selectors.documents_visible_to(request.user, self.visible(pk))
        return self.page(documents, s.DocumentSerializer)

    @extend_schema(
        tags=TAG,
        summary="Attach a PDF: the GIA (s31(2)), the evaluation (s32(1)) or another document",
        request={"multipart/form-data": s.DocumentUpload},
        responses={201: s.DocumentSerializer, **_refusals(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        application = self.application(pk)
        data = _valid(s.DocumentUpload, request.data)
        document = services.upload_document(
            application=application, actor=request.user, kind=data["kind"], upload=data["file"]
        )
        body = s.DocumentSerializer(document, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class DocumentDownloadView(ApplicationView):
    content_negotiation_class = JSONErrorsNegotiation

    @extend_schema(
        tags=TAG,
        summary="Download one of the application's PDFs",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **_refusals(404)},
    )
    def get(self, request, pk, document_pk):
        application = self.application(pk)
        document = selectors.documents_visible_to(request.user, application).filter(pk=document_pk).first()
        if document is None:
            raise Http404
        filename = f"{application.reference}-{document.kind}-{document.pk}.pdf"
        return pdf_download(document, filename, public=False)


class TransitionView(ApplicationView):
    # Runs the transition named by ``transition`` (one subclass per name, see ``transition_view``).

    transition = ""

    def post(self, request, pk):
        # The row alone (with its organisation and auditor): the act reads it again, locked.
        application = self.visible(pk)
        # The executor's order: role, state, rules, then the payload's shape. The act judges the rules
        # under its lock, so here only the role and the state are, unless the payload is refused:
        # then the rules first (their queries run once either way).
        check_may(application, self.transition, request.user, rules=False)
        act = STEPS[self.transition]
        shape = act.payload(data=request.data)
        if not shape.is_valid():
            check_may(application, self.transition, request.user)
            raise ValidationError(shape.errors)
        payload = dict(shape.validated_data)
        joined = selectors.joined_of(application)  # before the act replaces the instance's cache
        outcome = act.run(application, request.user, **payload)
        # The answer is the row as the act saved it, not read a third time; only its related rows are.
        answer = selectors.with_detail(outcome.record, joined)
        return self.detail(answer, warnings=outcome.warnings)


def transition_view(name: str):
    step = STEPS[name]

    class NamedTransitionView(TransitionView):
        transition = name

        @extend_schema(
            tags=TAG,
            operation_id=f"applications_transitions_{name}",
            summary=step.summary,
            request=step.payload,
            responses={200: s.TransitionResultSerializer, **_refusals(400, 403, 404, 409)},
        )
        def post(self, request, pk):
            return super().post(request, pk)

    NamedTransitionView.__name__ = NamedTransitionView.__qualname__ = f"Transition_{name}"
    return NamedTransitionView.as_view()


class UnknownTransitionView(ApplicationView):
    @extend_schema(exclude=True)
    def post(self, request, pk, name):
        self.application(pk)  # 404 first if the application is not visible
        return Response(
            {
                "detail": f"There is no transition called {name!r}.",
                "code": "unknown_transition",
                "messages": [f"Use one of: {', '.join(STEPS)}."],
            },
            status=status.HTTP_404_NOT_FOUND,
        )


class AmendmentAnswerView(ApplicationView):
    @extend_schema(
        tags=TAG,
        summary="The proponent answers one of the Office's amendment requests",
        request=s.AmendmentAnswer,
        responses={200: s.AmendmentRequestSerializer, **_refusals(400, 403, 404, 409)},
    )
    def post(self, request, pk, request_pk):
        application = self.application(pk)
        amendment = AmendmentRequest.objects.filter(application=application, pk=request_pk).first()
        if amendment is None:
            raise Http404
        services.may_amend(application, request.user, "answer amendment requests")
        data = _valid(s.AmendmentAnswer, request.data)
        amendment.application = application
        answered = services.answer_amendment_request(
            request=amendment, actor=request.user, response=data["response"]
        )
        return Response(s.AmendmentRequestSerializer(answered).data)


class CommentListView(ApplicationView):
    permission_classes = [IsOffice]
    pagination_class = CommentCursorPages
    ordering = ("received_at", "pk")  # in the order received

    @extend_schema(
        tags=TAG,
        summary="Written comments on the application, in the order received (Office staff; cursor pages)",
        responses={200: s.CommentSerializer(many=True), **_refusals(403, 404)},
    )
    def get(self, request, pk):
        return self.page(selectors.comments_of(self.visible(pk)), s.CommentSerializer)

    @extend_schema(
        tags=TAG,
        summary="s33(2)(c): record a written comment received by email or post",
        request=s.CommentInput,
        responses={201: s.CommentSerializer, **_refusals(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        application = self.application(pk)
        data = _valid(s.CommentInput, request.data)
        comment = services.record_comment(application=application, actor=request.user, **data)
        return Response(s.CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class CommentDetailView(ApplicationView):
    permission_classes = [IsOffice]

    @extend_schema(
        tags=TAG,
        summary="s34(a): mark a comment considered, with the Office's response",
        request=s.CommentConsideration,
        responses={200: s.CommentSerializer, **_refusals(400, 403, 404, 409)},
    )
    def patch(self, request, pk, comment_pk):
        application = self.application(pk)
        comment = Comment.objects.filter(application=application, pk=comment_pk).first()
        if comment is None:
            raise Http404
        data = _valid(s.CommentConsideration, request.data)
        comment.application = application
        considered = services.consider_comment(comment=comment, actor=request.user, **data)
        return Response(s.CommentSerializer(considered).data)


class AuditorListView(AssessmentsAPIView):
    permission_classes = [IsOffice]
    ordering = ("user__last_name", "user__first_name", "pk")

    @extend_schema(
        tags=TAG,
        summary="s32(2): the register of independent environmental auditors (Office staff, Director)",
        responses={200: s.AuditorSerializer(many=True), **_refusals(403)},
    )
    def get(self, request):
        return self.page(selectors.auditor_register(), s.AuditorSerializer)


class DirectionListView(AssessmentsAPIView):
    ordering = ("-directed_at", "-pk")  # newest first

    @extend_schema(
        tags=TAG,
        summary="s35 directions the caller may see, newest first",
        responses={200: s.DirectionSerializer(many=True)},
    )
    def get(self, request):
        return self.page(selectors.directions_visible_to(request.user), s.DirectionSerializer)

    @extend_schema(
        tags=TAG,
        summary="s35: the Minister directs a person to prepare a Greenhouse Impact Assessment",
        request=s.DirectionInput,
        responses={201: s.DirectionSerializer, **_refusals(400, 403)},
    )
    def post(self, request):
        services.may_direct(request.user)
        data = _valid(s.DirectionInput, request.data)
        direction = services.direct_assessment(actor=request.user, **data)
        direction = selectors.directions_visible_to(request.user).get(pk=direction.pk)
        return Response(s.DirectionSerializer(direction).data, status=status.HTTP_201_CREATED)


def _valid(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
