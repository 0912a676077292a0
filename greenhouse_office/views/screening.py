"""'Do I need approval?' (ss25, 31): screen a monthly emission profile against the threshold."""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.forms.utils import ErrorDict
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from greenhouse_office import clock, statute
from greenhouse_office.emission_profiles import MAX_CSV_BYTES, months_from_profile, profile_csv, template_csv
from greenhouse_office.forms import ScreeningForm
from greenhouse_office.public_pages import public_page
from greenhouse_office.throttling import FixedWindowThrottle

TEMPLATE = "greenhouse_office/screening.html"


@require_http_methods(["GET", "POST"])
# Its forms carry the visitor's CSRF token: revalidated per visitor, never kept by a shared cache.
@public_page(shared=False, form=True)
def screening(request):
    """Public, no sign-in. Nothing is stored: the profile is screened and shown back.

    A POST counts against the same per-client rate as ``POST /api/v1/screening`` (ScreeningThrottle).
    """
    if request.method == "POST":
        throttle = ScreeningThrottle()
        if not throttle.allow_request(request, None):
            return _throttled(request, throttle)
    form = ScreeningForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            # No set chosen: each month with the set in force for it (s6); a chosen set only compares.
            result = statute.screen_profile(
                form.cleaned_data["profile"], form.cleaned_data["gwp_set"] or None
            )
        except statute.StatuteError as error:
            form.add_error(None, str(error))
    context = {
        "form": form,
        "result": result,
        "explanation": statute.explain(result) if result else (),
        "chart": RollingChart.of(result) if result else None,
        # The screened profile, to start an application with it (the portal's lodging, s31).
        "profile_csv": profile_csv(months_from_profile(form.cleaned_data["profile"])) if result else "",
    }
    return render(request, TEMPLATE, context, status=400 if form.errors else 200)


class ScreeningThrottle(FixedWindowThrottle):
    """The API's ``screening`` rate, per client address, in the very cache entry the API counts in
    (its views have no sign-in, so ScopedFixedWindowThrottle keys them by address the same way)."""

    scope = "screening"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _throttled(request, throttle: ScreeningThrottle) -> HttpResponse:
    """429: the page again, with the limit and when to try again; the pasted profile is shown back unread."""
    wait = math.ceil(throttle.wait() or 1)
    per = {1: "second", 60: "minute", 3600: "hour", 86400: "day"}.get(throttle.duration, "period")
    pasted = request.POST.get("csv_text", "")
    initial = {"gwp_set": request.POST.get("gwp_set", ""), "csv_text": pasted}
    form = ScreeningForm(initial=initial if len(pasted) <= MAX_CSV_BYTES else initial | {"csv_text": ""})
    # Unbound, so nothing is parsed: its one error is the rate limit.
    form.cleaned_data = {}
    form._errors = ErrorDict()
    form.add_error(
        None,
        f"Too many screenings from your address: at most {throttle.num_requests} a {per}, counting "
        f"the screening API. Try again in {wait} second{'s' if wait != 1 else ''}.",
    )
    context = {"form": form, "result": None, "explanation": (), "chart": None}
    response = render(request, TEMPLATE, context, status=429)
    response["Retry-After"] = str(wait)
    return response


@require_GET
def screening_template(request):
    """A CSV of the next 12 months to fill in."""
    today = clock.legal_day()
    first = today.replace(year=today.year + 1, month=1, day=1)
    response = HttpResponse(template_csv(first), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="monthly-emissions-template.csv"'
    return response


@dataclass
class RollingChart:
    """Coordinates for the server-rendered SVG of rolling 12-month totals against the threshold."""

    WIDTH = 720
    HEIGHT = 300
    LEFT = 80
    BOTTOM = 40
    TOP = 20

    bars: list[dict]
    threshold_y: float
    ticks: list[dict]
    first_label: str
    last_label: str

    @classmethod
    def of(cls, result) -> "RollingChart":
        totals = result.rolling_totals
        peak = max([result.threshold_t_co2e, *[total for _, total in totals]])
        top = peak * Decimal("1.1") or Decimal(1)
        plot_width = cls.WIDTH - cls.LEFT - 10
        plot_height = cls.HEIGHT - cls.TOP - cls.BOTTOM
        step = plot_width / max(len(totals), 1)

        def y(value: Decimal) -> float:
            return round(cls.TOP + plot_height * (1 - float(value / top)), 1)

        bars = [
            {
                "x": round(cls.LEFT + i * step, 1),
                "y": y(total),
                "width": round(max(step - 1, 1), 1),
                "height": round(cls.TOP + plot_height - y(total), 1),
                "over": total > result.threshold_t_co2e,
                "label": f"12 months to {month:%b %Y}: {total:,.0f} t CO2-e",
            }
            for i, (month, total) in enumerate(totals)
        ]
        ticks = [{"y": y(top * k / 4), "label": f"{top * k / 4:,.0f}"} for k in range(5)]
        return cls(
            bars=bars,
            threshold_y=y(result.threshold_t_co2e),
            ticks=ticks,
            first_label=f"{totals[0][0]:%b %Y}" if totals else "",
            last_label=f"{totals[-1][0]:%b %Y}" if totals else "",
        )
