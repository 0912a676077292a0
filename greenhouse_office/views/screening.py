"""'Do I need approval?' (ss25, 31): screen a monthly emission profile against the threshold."""

from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from greenhouse_office import clock, statute
from greenhouse_office.emission_profiles import template_csv
from greenhouse_office.forms import ScreeningForm

TEMPLATE = "greenhouse_office/screening.html"


@require_http_methods(["GET", "POST"])
def screening(request):
    """Public, no sign-in. Nothing is stored: the profile is screened and shown back."""
    form = ScreeningForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = statute.screen_profile(form.cleaned_data["profile"], form.cleaned_data["gwp_set"])
        except statute.StatuteError as error:
            form.add_error(None, str(error))
    context = {
        "form": form,
        "result": result,
        "chart": RollingChart.of(result) if result else None,
    }
    return render(request, TEMPLATE, context, status=400 if form.errors else 200)


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
