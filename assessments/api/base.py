"""What every assessments API view shares: token sign-in, paged lists, and downloads.

Errors of every kind, refused acts included (an ``ActRefused`` carries its own status), are answered
in the one shape by greenhouse_office.api.errors, the REST_FRAMEWORK exception handler.
"""

from django.http import FileResponse, Http404
from rest_framework.authentication import SessionAuthentication
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from greenhouse_office.api.authentication import ApiTokenAuthentication
from greenhouse_office.api.pagination import PaginatedList


class AssessmentsAPIView(PaginatedList, APIView):
    # Signed in with a token (or the session, for the browsable API).

    # Token first, so an anonymous caller gets 401 with WWW-Authenticate: Token.
    authentication_classes = [ApiTokenAuthentication, SessionAuthentication]


class JSONErrorsNegotiation(BaseContentNegotiation):
    """Downloads answer with a PDF whatever the Accept header; their refusals with JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def pdf_download(document, filename: str, *, public: bool, field: str = "file") -> FileResponse:
    """Stream a stored PDF (``document``'s FileField ``field``) as an attachment; never shown inline,
    never sniffed as another type. 404 when its file is missing from storage."""
    stored = getattr(document, field)
    try:
        handle = stored.storage.open(stored.name, "rb")
    except FileNotFoundError as error:
        raise Http404("The file of this document is missing.") from error
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response
