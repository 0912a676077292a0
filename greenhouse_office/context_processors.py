from greenhouse_office import statute


def statute_figures(request):
    """The Bill's headline figures for any page's text, from the rules module (never typed in a template)."""
    return {
        "threshold": statute.value(statute.Key.EMISSIONS_THRESHOLD_T_CO2E),
        "window_months": statute.value(statute.Key.EMISSIONS_WINDOW_MONTHS),
    }
