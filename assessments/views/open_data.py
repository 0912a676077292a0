"""/open-data/: the registers as CSV and JSON downloads, and their column dictionary."""

import csv
import json

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.open_data import REGISTERS, as_json, safe_cell

from .register_decisions import cacheable

CACHE = "public, max-age=300"


@require_GET
def open_data(request):
    return cacheable(request, render(request, "register/open_data.html", {"registers": REGISTERS.values()}))


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a streamed response."""

    def write(self, value):
        return value


@require_GET
def download(request, register, extension):
    chosen = REGISTERS.get(register)
    if chosen is None or extension not in ("csv", "json"):
        raise Http404
    rows = chosen.rows()  # fetched now, in a fixed number of queries; written out as it streams
    link = request.build_absolute_uri
    if extension == "csv":
        writer = csv.writer(_Echo())
        names = [column.name for column in chosen.columns]
        lines = (
            writer.writerow(row)
            for row in (
                names,
                *([safe_cell(column.value(item, link)) for column in chosen.columns] for item in rows),
            )
        )
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(_json(chosen, rows, link), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{chosen.filename(extension)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = CACHE
    return response


def _json(register, rows, link):
    head = {
        "register": register.slug,
        "title": register.title,
        "columns": [{"name": c.name, "type": c.kind, "description": c.description} for c in register.columns],
    }
    yield json.dumps(head)[:-1] + ', "rows": ['
    for number, item in enumerate(rows):
        row = {column.name: as_json(column.value(item, link)) for column in register.columns}
        yield ("," if number else "") + json.dumps(row)
    yield "]}"
