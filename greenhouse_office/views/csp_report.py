"""Content-Security-Policy violation reports: browsers POST them here (the policy's report-uri).

No sign-in and no CSRF token (a browser sends a report without either); the body is bounded and each
client address limited to the ``csp_reports`` rate. Each violation is logged at WARNING on the
``greenhouse_office.csp`` logger; nothing is stored.
"""

import json
import logging

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from greenhouse_office.throttling import FixedWindowThrottle

logger = logging.getLogger("greenhouse_office.csp")

# A report is a few hundred bytes; a Reporting API batch a few of them.
MAX_REPORT_BYTES = 16 * 1024
# Longest value logged of each field (a blocked URI may carry a long query string).
MAX_FIELD_CHARS = 500


class CspReportThrottle(FixedWindowThrottle):
    """Per client address (settings: DEFAULT_THROTTLE_RATES["csp_reports"])."""

    scope = "csp_reports"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


@csrf_exempt
@require_POST
def csp_report(request):
    """204 for a report logged; 413 for a body too large, 400 for one that is not a report, 429 when
    the client has sent too many."""
    if not CspReportThrottle().allow_request(request, None):
        return HttpResponse(status=429)
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    raw = request.read(MAX_REPORT_BYTES + 1)
    if len(raw) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    violations = _violations(raw)
    if not violations:
        return HttpResponse(status=400)
    for violation in violations:
        logger.warning(
            "CSP violation: document-uri=%s violated-directive=%s blocked-uri=%s",
            *(_clean(violation.get(name)) for name in ("document-uri", "violated-directive", "blocked-uri")),
        )
    return HttpResponse(status=204)


def _violations(raw: bytes) -> list[dict]:
    """The violations in a body: the report-uri shape (``{"csp-report": {...}}``, CSP level 2) or a
    Reporting API batch (``[{"type": "csp-violation", "body": {...}}]``), in report-uri's names."""
    try:
        data = json.loads(raw)
    except ValueError:
        return []
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        return [data["csp-report"]]
    if isinstance(data, list):
        return [
            {
                "document-uri": item["body"].get("documentURL"),
                "violated-directive": item["body"].get("effectiveDirective"),
                "blocked-uri": item["body"].get("blockedURL"),
            }
            for item in data
            if isinstance(item, dict)
            and item.get("type") == "csp-violation"
            and isinstance(item.get("body"), dict)
        ]
    return []


def _clean(value) -> str:
    """One line of at most MAX_FIELD_CHARS: a report is the client's text, never trusted in a log."""
    text = str(value if value is not None else "-")
    return "".join(char if char.isprintable() else "?" for char in text)[:MAX_FIELD_CHARS]
