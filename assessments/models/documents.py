import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


def _private_path(document, filename: str) -> str:
    # Never the uploaded name: it is untrusted and may leak. Served only through views.
    return f"applications/{document.application_id}/{uuid.uuid4().hex}.pdf"


class Document(models.Model):
    """A PDF of an application: the GIA (s31(2)), the independent evaluation (s32(1)), the Minister's
    decision (s30, issued by the system once, after the decision commits), the Office's notice inviting
    comments (s33(2)), receipt of lodgement (s31) and advice to the Minister (s34), or other."""

    class Kind(models.TextChoices):
        GIA = "gia", "Greenhouse Impact Assessment"
        EVALUATION = "evaluation", "Independent evaluation"
        DECISION = "decision", "The Minister's decision (s30)"
        NOTICE = "notice", "Notice inviting comments (s33(2))"
        RECEIPT = "receipt", "Receipt of lodgement (s31)"
        ADVICE = "advice", "The Office's advice to the Minister (s34)"
        OTHER = "other", "Other document"

    application = models.ForeignKey(
        "assessments.Application", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(max_length=12, choices=Kind)
    file = models.FileField(upload_to=_private_path)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(
        default=timezone.now, help_text="The moment of the upload (the service sets it)."
    )
    # A GIA replaced by a later upload is kept (never deleted) and marked superseded.
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    withheld_under_s42 = models.BooleanField(
        default=False,
        help_text="s42(2): the Minister determined it is not in the public interest to publish.",
    )
    withheld_reason = models.TextField(blank=True)
    inputs_sha256 = models.CharField(
        max_length=64,
        blank=True,
        help_text="For a document the Office issues: the sha256 of what it was rendered from, so it is "
        "rendered again only when that changes.",
    )

    class Meta:
        ordering = ["uploaded_at"]
        constraints = [
            # s30: one decision per application, fixed once issued (the instrument on record).
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(kind="decision"),
                name="one_decision_document_per_application",
            ),
            # s34: the advice is given once; its PDF, with the report on the comments, is fixed.
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(kind="advice"),
                name="one_advice_document_per_application",
            ),
        ]
        indexes = [
            # The public registers' version (assessments.public_versions): the latest supersession.
            models.Index(
                fields=["superseded_at"],
                condition=models.Q(superseded_at__isnull=False),
                name="document_superseded_idx",
            ),
        ]

    def __str__(self) -> str:
        superseded = " (superseded)" if self.superseded_at else ""
        return f"{self.get_kind_display()}: {self.original_name}{superseded}"

    # Rendered and stored by the system (assessments.services.issuing), never uploaded.
    ISSUED_BY_THE_OFFICE = (Kind.DECISION, Kind.NOTICE, Kind.RECEIPT, Kind.ADVICE)

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None
