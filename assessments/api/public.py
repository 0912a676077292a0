"""The public register (s33(1)): published assessments, their documents, and comments (s33(2)(c)).

No sign-in and no session (so no CSRF): anyone may read a published assessment, download its
assessment and evaluation (unless withheld under s42(2)) and comment until the closing day.
Making a comment is rate-limited per client (throttle scope ``public_comments``, shared with the comment
form); the published comments are those the register shows (selectors.published_comments).
"""

from django.http import Http404
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from assessments import selectors, services
from assessments.errors import AssessmentError
from assessments.models import Application, Comment
from assessments.public_versions import application_version, register_version
from greenhouse_office.public_pages import conditional_api

from . import serializers as s
from .base import AssessmentsAPIView, CommentPages, JSONErrorsNegotiation, pdf_download

TAG = ["public"]
ERROR = s.ErrorSerializer


class PublicView(AssessmentsAPIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def assessment(self, pk):
        application = selectors.published_applications().select_related("organisation").filter(pk=pk).first()
        if application is None:
            raise Http404
        return application


class PublicAssessmentListView(PublicView):
    ordering = ("-gazette_date", "-pk")  # the latest published first

    @extend_schema(
        tags=TAG,
        summary="s33(1): Greenhouse Impact Assessments published for comment, the latest first",
        responses={200: s.PublicAssessmentSummarySerializer(many=True)},
    )
    @method_decorator(conditional_api(register_version))
    def get(self, request):
        # The summary shows no documents or notices, so the register's prefetches are dropped.
        assessments = selectors.published_applications().prefetch_related(None).select_related("organisation")
        return self.page(assessments, s.PublicAssessmentSummarySerializer)


class PublicAssessmentDetailView(PublicView):
    @extend_schema(
        tags=TAG,
        summary="A published assessment: notices, closing day and documents",
        responses={
            200: s.PublicAssessmentSerializer,
            404: OpenApiResponse(ERROR, description="Not published"),
        },
    )
    def get(self, request, pk):
        data = s.PublicAssessmentSerializer(self.assessment(pk), context={"request": request}).data
        return Response(data)


class PublicDocumentView(PublicView):
    content_negotiation_class = JSONErrorsNegotiation

    @extend_schema(
        tags=TAG,
        summary="s33(1)(a): download a published assessment or evaluation",
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: OpenApiResponse(ERROR, description="Not published, withheld or not found"),
        },
    )
    def get(self, request, pk, document_pk):
        document = selectors.public_document(pk, document_pk)
        if document is None:
            raise Http404
        filename = f"{document.application.reference}-{document.kind}.pdf"
        return pdf_download(document, filename, public=True)


class PublicCommentView(PublicView):
    throttle_scope = "public_comments"
    pagination_class = CommentPages
    ordering = ("received_at", "pk")

    def get_throttles(self):
        # Reading the published comments is not limited; making one is (shared with the comment form).
        return super().get_throttles() if self.request.method == "POST" else []

    @extend_schema(
        tags=TAG,
        summary="The published comments: consented to and reviewed by the Office, any redaction applied",
        responses={
            200: s.PublishedCommentSerializer(many=True),
            404: OpenApiResponse(ERROR, description="Not published"),
        },
    )
    @method_decorator(conditional_api(application_version))
    def get(self, request, pk):
        return self.page(selectors.published_comments(self.assessment(pk)), s.PublishedCommentSerializer)

    @extend_schema(
        tags=TAG,
        summary="s33(2)(c): make a written comment to the Director",
        request=s.PublicCommentInput,
        responses={
            201: s.PublicCommentReceipt,
            400: OpenApiResponse(ERROR, description="The comment needs correcting"),
            404: OpenApiResponse(ERROR, description="Not published"),
            409: OpenApiResponse(ERROR, description="Not open for comment: the closing day has passed"),
            429: OpenApiResponse(ERROR, description="Too many comments from this client; try again later"),
        },
    )
    def post(self, request, pk):
        # Only the pk: the comment's share lock reads what recording needs (state, closing day) and the
        # receipt shows (title) before anything is written, so the row is read once. A refusal of any
        # kind (a body that does not parse or needs correcting, a closed assessment) first asks whether
        # the assessment is published: one that is not is a 404 whatever was sent, as it always was.
        try:
            serializer = s.PublicCommentInput(data=request.data)
            serializer.is_valid(raise_exception=True)
            comment = services.record_comment(
                application=Application(pk=pk),
                actor=None,
                channel=Comment.Channel.WEB,
                **serializer.validated_data,
            )
        except (APIException, AssessmentError):
            self.published(pk)
            raise
        return Response(s.PublicCommentReceipt(comment).data, status=status.HTTP_201_CREATED)

    def published(self, pk) -> None:
        """404 unless assessment ``pk`` is published (s33(1)): one small query, on a refusal only."""
        if not selectors.published_applications().prefetch_related(None).filter(pk=pk).exists():
            raise Http404

    def throttled(self, request, wait):
        raise Throttled(
            wait, detail="Too many comments have been sent from your address. Please wait and try again."
        )
