"""Request bodies larger than any upload are refused before they are read.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE and FILE_UPLOAD_MAX_MEMORY_SIZE do not stop a multipart body:
its files are streamed to disk in full before a view can say "File too large". This middleware, first
in MIDDLEWARE, answers 413 from the declared Content-Length alone when it exceeds the largest upload
(or form) plus a margin (greenhouse_office.uploads.largest_body_bytes): a plain page, or the API's one
error shape under /api/. A proxy in front should refuse such bodies too (README, Deploying).
"""

from django.http import HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string

from greenhouse_office import uploads


def too_large_message(limit: int) -> str:
    return f"The request is larger than {filesizeformat(limit)}, the most this site accepts."


class RefuseOversizedBodyMiddleware:
    """413 for a declared body above ``uploads.largest_body_bytes()``; the body is never read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except (TypeError, ValueError):
            declared = 0
        limit = uploads.largest_body_bytes()
        if declared <= limit:
            return self.get_response(request)
        detail = too_large_message(limit)
        if request.path_info.startswith("/api/"):
            # Imported here: DRF's settings import the token authentication, which imports the accounts.
            from greenhouse_office.api.errors import error_shape

            response = JsonResponse(error_shape(detail, "too_large"), status=413)
        else:
            html = render_to_string(
                "413.html", {"detail": detail, "document_limit": filesizeformat(uploads.max_document_bytes())}
            )
            response = HttpResponse(html, status=413)
        return response
