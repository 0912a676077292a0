"""How every API list is cut into pages: at most 50 a page by default, ``?page_size=`` up to 200.

A ``page_size`` above the maximum is capped to it (not refused), and one that is not a positive
whole number falls back to the default, as DRF does: a client asking for "everything" gets the
largest page and follows ``next``. Each list has a fixed order ending in ``pk``, so a page never
depends on how the database happened to return rows. See docs/adr/0005-assessments-json-api.md.
"""

from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class NumberedPages(PageNumberPagination):
    """``?page=2``: for the short lists that change rarely (documents, the auditor register,
    directions, the public register), where ``count`` and a page number are worth a COUNT(*)."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class CursorPages(CursorPagination):
    """``?cursor=...``: for the long lists that grow while someone reads them (applications, comments).

    New applications arrive at the top and comments keep coming during a comment period, so
    numbered pages would shift under a reader (an item shown twice, or never) and each deeper page
    would scan and discard every earlier row (OFFSET) after a COUNT(*) over all of them. A cursor
    page is one indexed range query at any depth and stable under inserts; the cost is no total
    and no jumping to page N, which nobody reading thousands of rows through the API needs.
    The order is the view's ``ordering``; its first field must not change once a row exists.
    """

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("-created_at", "-pk")

    def get_ordering(self, request, queryset, view):
        return tuple(getattr(view, "ordering", None) or self.ordering)


class PaginatedList:
    """For an APIView with a list: ``page(queryset, serializer_class)`` answers one page of it.

    ``ordering`` is the list's fixed order; ``pagination_class`` how it is paged (drf-spectacular
    reads it to describe the page in the OpenAPI schema).
    """

    pagination_class = NumberedPages
    ordering: tuple[str, ...] = ("pk",)

    def page(self, queryset, serializer_class, **context) -> Response:
        paginator = self.pagination_class()
        rows = paginator.paginate_queryset(queryset.order_by(*self.ordering), self.request, view=self)
        data = serializer_class(rows, many=True, context={"request": self.request, **context}).data
        return paginator.get_paginated_response(data)
