"""s35 directions, read-only: the Minister gives them (services.direct_assessment). Each has its
instrument as a PDF (issued after the direction commits), downloaded here by Office staff."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from assessments.api.base import pdf_download
from assessments.models import Direction
from assessments.services.directions import direction_document
from greenhouse_office.admin import ReadOnlyAdmin


@admin.register(Direction)
class DirectionAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "action", "due_on", "directed_by", "directed_at", "fulfilled_at"]
    list_display += ["instrument"]
    list_filter = [("fulfilled_at", admin.EmptyFieldListFilter), "organisation"]
    list_select_related = ["organisation", "directed_by"]
    search_fields = ["organisation__name", "action"]
    # Never the file field itself: its URL would be the storage's, and the PDF is private.
    fields = ["organisation", "action", "due_on", "directed_by", "directed_at", "fulfilled_at"]
    fields += ["instrument", "sha256", "size", "issued_at"]
    readonly_fields = fields

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/direction.pdf",
                self.admin_site.admin_view(self.pdf_view),
                name="{}_{}_pdf".format(*info),
            ),
            *super().get_urls(),
        ]

    def pdf_view(self, request, object_id):
        """The direction's PDF; issued now if its task never ran (services.directions.direction_document)."""
        direction = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_permission(request, direction):
            raise PermissionDenied
        direction = direction_document(direction)
        return pdf_download(direction, f"direction-{direction.pk}.pdf", public=False)

    @admin.display(description="The direction (PDF)")
    def instrument(self, direction):
        url = reverse("admin:assessments_direction_pdf", args=[direction.pk])
        label = "Download" if direction.issued_at else "Issue and download"
        return format_html('<a href="{}" download>{} the direction (PDF)</a>', url, label)
