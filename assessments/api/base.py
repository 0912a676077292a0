"""What every assessments API view shares: token sign-in, paged lists, and downloads.

Errors of every kind, refused acts included (an ``ActRefused`` carries its own status), are answered
in the one shape by greenhouse_office.api.errors, the REST_FRAMEWORK exception handler.
"""

from django.http import FileResponse, Http404
from rest_framework.authentication import SessionAuthentication
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from greenhouse_office.api.authentication import ApiTokenAuthentication
from greenhouse_office.api.pagination import CursorPages, NumberedPages, PaginatedList
from greenhouse_office.bounds import MAX_COMMENT_CHARS

# A comment may be MAX_COMMENT_CHARS long, so a page of them is capped to stay under 1 MB (issue 14:
# no response above 1 MB but downloads): 40 of 20,000 characters is 800,000, with room for the rest.
COMMENTS_PER_PAGE = 800_000 // MAX_COMMENT_CHARS


class CommentPages(NumberedPages):
    """The published comments' numbered pages (the public API): at most COMMENTS_PER_PAGE a page."""

    page_size = max_page_size = COMMENTS_PER_PAGE


class CommentCursorPages(CursorPages):
    """An application's comments for Office staff, in cursor pages of at most COMMENTS_PER_PAGE."""

    page_size = max_page_size = COMMENTS_PER_PAGE


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
