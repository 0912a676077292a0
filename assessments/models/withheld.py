"""s42(2)-(4): the Minister's determination that an item of an application's information is not to be
made public. The public pages list each such item as withheld, with its ground, never silently missing.

Written only by ``services.determine_withheld`` (the Minister's dashboard calls it), logged in the
application's event chain. Never edited or deleted: a later change is a new determination.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from greenhouse_office.statute.information import WITHHOLDING_GROUNDS, withholding_ground

GROUND_CHOICES = [(ground.code, ground.label) for ground in WITHHOLDING_GROUNDS]


class WithheldInformation(models.Model):
    class Item(models.TextChoices):
        ADVICE = "advice", "The Office's advice to the Minister (s34)"
        COMMENTS_REPORT = "comments_report", "The Office's report on the comments (s34(b))"
        REASONS = "reasons", "The Minister's findings and reasons (s30)"
        DOCUMENT = "document", "A document"

    application = models.ForeignKey(
        "assessments.Application", on_delete=models.PROTECT, related_name="withheld_information"
    )
    item = models.CharField(max_length=16, choices=Item)
    document = models.ForeignKey(
        "assessments.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="withheld_determinations",
        help_text="The document withheld, when the item is a document.",
    )
    ground = models.CharField(max_length=24, choices=GROUND_CHOICES)
    determined_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    determined_at = models.DateTimeField(help_text="The moment of the determination (the service sets it).")
    reasons = models.TextField(
        help_text="The Minister's reasons: why publishing the item is not in the public interest (s42(2)), "
        "or why the commercial detriment outweighs it (s42(3))."
    )

    class Meta:
        verbose_name = "withheld information (s42)"
        verbose_name_plural = "withheld information (s42)"
        ordering = ["application", "determined_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(item="document", document__isnull=False)
                | (~models.Q(item="document") & models.Q(document__isnull=True)),
                name="withheld_document_named_only_for_a_document",
            ),
            models.UniqueConstraint(
                fields=["application", "item"],
                condition=~models.Q(item="document"),
                name="one_withholding_per_item",
            ),
            models.UniqueConstraint(
                fields=["application", "document"],
                condition=models.Q(item="document"),
                name="one_withholding_per_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.what} withheld under {self.section}"

    def clean(self):
        if self.document_id and self.document.application_id != self.application_id:
            raise ValidationError({"document": "The document is not one of this application's."})

    @property
    def section(self) -> str:
        return withholding_ground(self.ground).section

    @property
    def ground_words(self) -> str:
        return withholding_ground(self.ground).words

    @property
    def what(self) -> str:
        """The item in words, naming the document (its kind, never its withheld content)."""
        if self.item == self.Item.DOCUMENT and self.document_id:
            return self.document.get_kind_display()
        return self.get_item_display()

    @property
    def notice(self) -> str:
        """What the public pages say in the item's place."""
        return f"Withheld under {self.section}: {self.ground_words}"
