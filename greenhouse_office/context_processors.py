from greenhouse_office import statute
from greenhouse_office.access import has_role
from greenhouse_office.roles import Role


def statute_figures(request):
    """The Bill's headline figures for any page's text, from the rules module (never typed in a template)."""
    return {
        "threshold": statute.value(statute.Key.EMISSIONS_THRESHOLD_T_CO2E),
        "window_months": statute.value(statute.Key.EMISSIONS_WINDOW_MONTHS),
    }


def navigation(request):
    """Role questions the layout's navigation asks, answered only when a page asks (no query otherwise)."""
    return {
        "is_auditor": lambda: has_role(request.user, Role.INDEPENDENT_AUDITOR),
        "is_proponent": lambda: has_role(request.user, Role.PROPONENT),
        "is_minister": lambda: has_role(request.user, Role.MINISTER),
    }
