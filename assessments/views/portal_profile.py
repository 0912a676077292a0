"""The emission profile step of lodging (s31): upload or paste the CSV, or type months by gas; see the
screening and its chart; acknowledge each warning of the Office's checks with a short explanation.

Three forms post to the one page (``form`` says which): the CSV, the typed table (whose "add 12 more
months" and "add a gas" buttons redraw it without JavaScript) and the acknowledgements. Saving goes
through services.update_application; what the warnings are is emission_profiles'; whether the
application may be lodged with them is the guards'. The chart is drawn on the server; a small script
(static/js/profile_chart.js) redraws it as months are typed, and the page needs none of it.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django import forms
from django.contrib import messages
from django.shortcuts import redirect

from greenhouse_office import clock, statute
from greenhouse_office.emission_profiles import (
    MAX_EXPLANATION_CHARS,
    TEMPLATE_GASES,
    bounded_tonnes,
    check_span,
    months_from_profile,
    parse_spreadsheet_month,
    profile_from_months,
    stored_profile_warnings,
)
from greenhouse_office.statute.gwp import SPECIES_BY_NAME, gas_sort_key
from greenhouse_office.statute.parameters import Key, decimal_value, int_value, parameter_history
from greenhouse_office.views.screening import RollingChart

# The typed table: rows added 12 at a time, up to this many (a page bound, not the Bill's: longer
# profiles go through the CSV, which takes a century of months).
ROWS_ADDED = 12
MAX_TABLE_ROWS = 120
# The table's buttons that redraw it; any other submission (Enter in a cell too) saves it.
ADDING = ("add_rows", "add_gas")


def table_gases(months: list[dict], extra=()) -> list[str]:
    """The columns: the template's gases, the saved profile's and any added, in the statute's order."""
    named = {*TEMPLATE_GASES, *(gas for month in months for gas in month["gases"]), *extra}
    return sorted(named, key=gas_sort_key)


class TypedMonthsForm(forms.Form):
    """Months typed by gas: a row a month (any month form the CSV takes), a column a gas, tonnes in
    the cells (an empty cell is zero; an empty row is ignored). Each message names its row and column."""

    def __init__(self, *args, rows: int, gases: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows, self.gases = rows, gases
        self.table = []
        for number in range(1, rows + 1):
            month = forms.CharField(label=f"Row {number}, month", required=False, max_length=20)
            self.fields[f"month-{number}"] = month
            cells = []
            for gas in gases:
                name = f"tonnes-{number}-{gas}"
                self.fields[name] = forms.CharField(
                    label=f"Row {number}, column {gas} (tonnes)", required=False, max_length=40
                )
                cells.append(name)
            self.table.append((number, f"month-{number}", cells))

    def rows_of_fields(self):
        """For the template: (row number, month field, [cell fields])."""
        return [(n, self[m], [self[c] for c in cells]) for n, m, cells in self.table]

    def clean(self):
        cleaned = super().clean()
        profile: dict[date, dict] = {}
        for number, month_name, cells in self.table:
            typed = {
                gas: (cleaned.get(name) or "").strip() for gas, name in zip(self.gases, cells, strict=True)
            }
            text = (cleaned.get(month_name) or "").strip()
            if not text and not any(typed.values()):
                continue
            month = self._month(number, month_name, text, profile)
            amounts = {}
            for gas, name in zip(self.gases, cells, strict=True):
                if typed[gas]:
                    try:
                        amounts[gas] = bounded_tonnes(typed[gas], f"tonnes of {gas}")
                    except statute.StatuteError as error:
                        self.add_error(name, f"Row {number}, column {gas}: {error}")
            if month is not None:
                profile[month] = amounts
        if not self.errors and not profile:
            raise forms.ValidationError("Type at least one month, with the tonnes of each gas in it.")
        try:
            check_span(profile)
        except statute.StatuteError as error:
            raise forms.ValidationError(str(error)) from error
        cleaned["profile"] = profile
        return cleaned

    def _month(self, number, name, text, profile) -> date | None:
        if not text:
            self.add_error(name, f"Row {number}, column month: give the month of these tonnes.")
            return None
        try:
            month = parse_spreadsheet_month(text)
        except statute.StatuteError as error:
            self.add_error(name, f"Row {number}, column month: {error}")
            return None
        if month in profile:
            self.add_error(name, f"Row {number}, column month: {month:%Y-%m} is typed in another row too.")
            return None
        return month


def _typed_initial(months: list[dict], rows: int, gases: list[str]) -> dict:
    """The table filled with the saved months; without any, months from next month on."""
    initial = {}
    if months:
        for number, month in enumerate(months, start=1):
            initial[f"month-{number}"] = month["month"]
            for gas, tonnes in month["gases"].items():
                initial[f"tonnes-{number}-{gas}"] = tonnes
        return initial
    first = clock.legal_day().replace(day=1) + relativedelta(months=1)
    return {f"month-{n}": f"{first + relativedelta(months=n - 1):%Y-%m}" for n in range(1, rows + 1)}


def _redrawn(post, rows: int, gases: list[str]) -> dict:
    """The typed values again (for "add 12 more months" or "add a gas"), new rows' months following on."""
    initial = {key: value for key, value in post.items() if key.startswith(("month-", "tonnes-"))}
    last = None
    for number in range(1, rows + 1):
        text = (post.get(f"month-{number}") or "").strip()
        try:
            last = parse_spreadsheet_month(text) if text else last
        except statute.StatuteError:
            continue
    if last is not None:
        for number in range(rows + 1, min(rows + ROWS_ADDED, MAX_TABLE_ROWS) + 1):
            if not (post.get(f"month-{number}") or "").strip():
                last += relativedelta(months=1)
                initial[f"month-{number}"] = f"{last:%Y-%m}"
    return initial


class AcknowledgementsForm(forms.Form):
    """An explanation for each warning on the saved profile (required, bounded)."""

    def __init__(self, *args, warnings, acknowledged: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = warnings
        for number, warning in enumerate(warnings, start=1):
            self.fields[f"explanation-{number}"] = forms.CharField(
                label=f"Warning {number}: explain why the profile is right",
                max_length=MAX_EXPLANATION_CHARS,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=acknowledged.get(warning.code, {}).get("explanation", ""),
                help_text=f"At most {MAX_EXPLANATION_CHARS} characters.",
                error_messages={
                    "required": f"Explain warning {number} in a few words to acknowledge it.",
                    "max_length": f"Keep the explanation of warning {number} to {MAX_EXPLANATION_CHARS} "
                    "characters at most.",
                },
            )

    def items(self):
        """For the template: (warning, its explanation field)."""
        return [(w, self[f"explanation-{n}"]) for n, w in enumerate(self.warnings, start=1)]

    def acknowledgements(self) -> list[dict]:
        return [
            {"code": w.code, "explanation": self.cleaned_data[f"explanation-{n}"]}
            for n, w in enumerate(self.warnings, start=1)
        ]


def unacknowledged(application, warnings) -> list:
    acknowledged = {a["code"] for a in application.profile_acknowledgements or []}
    return [w for w in warnings if w.code not in acknowledged]


def chart_of(emission_profile) -> tuple[object, RollingChart] | tuple[None, None]:
    """The saved profile's screening result and its chart (as on the screening page), if any."""
    months = (emission_profile or {}).get("months")
    if not months:
        return None, None
    try:
        result = statute.screen_profile(profile_from_months(months))
    except statute.StatuteError:
        return None, None
    return result, RollingChart.of(result)


def gwp_periods() -> list[dict]:
    """For the script's preview: which set converts which months, and its factors (s6)."""
    periods = []
    for version in parameter_history(Key.GWP_SET_IN_FORCE):
        chosen = statute.get_gwp_set(str(version.value))
        periods.append(
            {
                "from": "" if version.valid_from == date.min else f"{version.valid_from:%Y-%m}",
                "to": "" if version.valid_to is None else f"{version.valid_to:%Y-%m}",
                "factors": {gas: float(value) for gas, value in chosen.values.items()},
            }
        )
    return periods


def profile_step(request, application, *, render, save, navigation, next_step):
    """GET shows the step; POST saves the CSV, the typed months or the acknowledgements (``form``)."""
    months = (application.emission_profile or {}).get("months") or []
    from .portal_lodging import ProfileForm, _profile_csv  # the CSV form is the lodging module's

    posted = request.POST if request.method == "POST" else None
    # Which form was posted; a post without one is the CSV (as the step took before the table).
    which = (posted.get("form") or "csv") if posted is not None else ""
    csv_form = ProfileForm(
        posted if which == "csv" else None,
        request.FILES if which == "csv" else None,
        initial={"csv_text": _profile_csv(application.emission_profile)},
    )
    typed_form, status = _typed(request, application, months, posted if which == "table" else None)
    warnings = stored_profile_warnings(application.emission_profile)
    acknowledged = {a["code"]: a for a in application.profile_acknowledgements or []}
    ack_form = AcknowledgementsForm(
        posted if which == "acknowledge" else None, warnings=warnings, acknowledged=acknowledged
    )
    if which == "csv" and csv_form.is_valid():
        profile = {"months": months_from_profile(csv_form.cleaned_data["profile"])}
        status = save(
            request,
            application,
            csv_form,
            {"emission_profile": profile},
            aliases={"emission_profile": "csv_text"},
        )
        if status == 200:
            return _saved(request, application)
    elif which == "csv":
        status = 400
    elif which == "table" and status == 200 and request.POST.get("action") not in ADDING:
        profile = {"months": months_from_profile(typed_form.cleaned_data["profile"])}
        status = save(request, application, typed_form, {"emission_profile": profile})
        if status == 200:
            return _saved(request, application)
    elif which == "acknowledge":
        status = 400
        if ack_form.is_valid():
            status = save(
                request,
                application,
                ack_form,
                {"profile_acknowledgements": ack_form.acknowledgements()},
            )
            if status == 200:
                messages.success(request, "Your explanations of the warnings are saved.")
                return redirect("portal:lodging-step", pk=application.pk, step=next_step)
    result, chart = chart_of(application.emission_profile)
    shown = {"csv": csv_form, "table": typed_form, "acknowledge": ack_form}.get(which, csv_form)
    context = {
        "form": shown,
        "csv_form": csv_form,
        "typed_form": typed_form,
        "ack_form": ack_form,
        "application": application,
        "screening": application.screening,
        "result": result,
        "chart": chart,
        "warnings": warnings,
        "acknowledged": acknowledged,
        "unacknowledged": unacknowledged(application, warnings),
        "gwp_periods": gwp_periods(),
        "threshold": result.threshold_t_co2e if result else decimal_value(Key.EMISSIONS_THRESHOLD_T_CO2E),
        "window_months": result.window_months if result else int_value(Key.EMISSIONS_WINDOW_MONTHS),
        "other_gases": [s.name for s in statute.SPECIES if s.name not in typed_form.gases],
        "max_rows": MAX_TABLE_ROWS,
        **navigation(application, "profile"),
    }
    return render(request, "portal/lodging_profile.html", context, status)


def _saved(request, application):
    application.refresh_from_db(fields=["emission_profile", "profile_acknowledgements"])
    open_ = unacknowledged(application, stored_profile_warnings(application.emission_profile))
    warned = f" It has {len(open_)} warning{'s' if len(open_) != 1 else ''} to acknowledge." if open_ else ""
    messages.success(request, f"The emission profile is saved and screened.{warned}")
    return redirect("portal:lodging-step", pk=application.pk, step="profile")


def _typed(request, application, months, posted):
    """The typed table, redrawn with more rows or a new gas column when asked; and the page's status."""
    gases = table_gases(months)
    rows = max(len(months), ROWS_ADDED)
    if posted is None:
        return TypedMonthsForm(initial=_typed_initial(months, rows, gases), rows=rows, gases=gases), 200
    rows = _posted_rows(posted, rows)
    gases = table_gases([], [g for g in (posted.get("gases") or "").split(",") if g in SPECIES_BY_NAME])
    action = posted.get("action")
    if action in ADDING:
        if action == "add_gas" and posted.get("add_gas") in SPECIES_BY_NAME:
            gases = table_gases([], [*gases, posted["add_gas"]])
        initial = _redrawn(posted, rows, gases)
        if action == "add_rows":
            rows = min(rows + ROWS_ADDED, MAX_TABLE_ROWS)
        return TypedMonthsForm(initial=initial, rows=rows, gases=gases), 200
    form = TypedMonthsForm(posted, rows=rows, gases=gases)
    return form, 200 if form.is_valid() else 400


def _posted_rows(posted, default: int) -> int:
    text = posted.get("rows") or ""
    return min(int(text), MAX_TABLE_ROWS) if text.isdigit() and int(text) > 0 else default
