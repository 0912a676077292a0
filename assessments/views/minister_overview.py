"""The Minister's overview (/minister/overview/): the whole process in figures on one page.

Access and logging are ``minister_only``'s; the figures are the selector's (assessments.overview).
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.overview import ministers_overview

from .minister import minister_only


@minister_only
@require_GET
def overview(request):
    """Applications by stage, this year's decisions (s30), deadlines missed (s32(1), s35) and the
    actions approved against the targets in force today (s8)."""
    return render(request, "minister/overview.html", {"overview": ministers_overview()})
