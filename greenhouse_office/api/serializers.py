"""Request and response shapes of the public rules API. Rules live in greenhouse_office.statute."""

import re
from collections.abc import Mapping
from dataclasses import fields
from decimal import Context, Decimal
from functools import lru_cache

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings
from rest_framework.utils import html

from greenhouse_office import bounds, emission_profiles, statute
from greenhouse_office.emission_profiles import MAX_PROFILE_MONTHS, exact_text
from greenhouse_office.statute.gwp import SPECIES_BY_NAME

SECTION_HELP = "The section of the Act (or other law) that the answer applies."


class ErrorSerializer(serializers.Serializer):
    """Every error of every API; besides these, one key per field to correct, with its messages."""

    detail = serializers.CharField(help_text="The refusal in words.")
    code = serializers.CharField(help_text='A stable name for programs, e.g. "invalid", "not_available".')
    messages = serializers.ListField(
        child=serializers.CharField(),
        help_text="Each reason, citing its section; a field's reason starts with its path, e.g. "
        '"newspapers[0].newspaper: ...".',
    )


# An input shape that refuses keys it does not know (nested ones with their path), never drops them.
# Every input serializer of the APIs inherits it. In form data and query strings the browsable API's
# form token and the ``?format=`` override are not fields, so they are ignored there. (A comment, not
# a docstring: drf-spectacular would show a docstring as the description of every input schema.)
class StrictSerializer(serializers.Serializer):
    FORM_IGNORED = frozenset(
        name for name in ("csrfmiddlewaretoken", api_settings.URL_FORMAT_OVERRIDE) if name
    )

    def to_internal_value(self, data):
        unknown = self.unknown_fields(data)
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if unknown and isinstance(error.detail, dict):
                raise serializers.ValidationError({**error.detail, **unknown}) from error
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value

    def unknown_fields(self, data) -> dict[str, list[str]]:
        if not isinstance(data, Mapping):
            return {}  # DRF refuses it as "Expected a dictionary"
        known = [field.field_name for field in self._writable_fields]
        form = html.is_html_input(data)  # nested form keys look like "newspapers[0]newspaper", "a.b"
        unknown = [
            key
            for key in data
            if not (form and key in self.FORM_IGNORED)
            and key not in known
            and not (form and any(str(key).startswith((f"{name}[", f"{name}.")) for name in known))
        ]
        if not unknown:
            return {}
        where = "this endpoint" if self.parent is None else self.field_name or "each entry"
        accepts = ", ".join(known) if known else "no fields"
        return {key: [f"Unknown field; {where} accepts {accepts}."] for key in unknown}


@extend_schema_field(OpenApiTypes.DECIMAL)
class ExactDecimal(serializers.Field):
    """A Decimal rendered exactly as a string, without padding or exponent ("50000", "4210.5")."""

    def to_representation(self, value: Decimal) -> str:
        return exact_text(value)


def _within_rules_days(day) -> None:
    if not bounds.FIRST_RULES_DAY <= day <= bounds.LAST_RULES_DAY:
        raise serializers.ValidationError(
            f"Give a day from {bounds.rules_days_text()}: this service answers for days within the "
            "Act's life, up to its horizon."
        )


class RulesDayField(serializers.DateField):
    """A day the rules are asked about, YYYY-MM-DD, within greenhouse_office.bounds' days."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(_within_rules_days)


class CommentPeriodQuery(StrictSerializer):
    gazette = RulesDayField(help_text="Day the s33(1)(b)(i) notice is published in the Gazette.")


class CommentPeriodResult(serializers.Serializer):
    gazette_date = serializers.DateField()
    period_start = serializers.DateField(
        help_text="First day of the period within 2 months after the Gazette."
    )
    period_end = serializers.DateField(help_text="Last day of that period: no closing day may fall in it.")
    earliest_closing_day = serializers.DateField(help_text="First lawful closing day (s33(3)).")
    recommended_closing_day = serializers.DateField(
        help_text="First business day in the Office's jurisdiction on or after the earliest closing day."
    )
    section = serializers.CharField(help_text=SECTION_HELP)


class EvaluationDeadlineQuery(StrictSerializer):
    received = RulesDayField(help_text="Day the Office received the Greenhouse Impact Assessment.")


class EvaluationDeadlineResult(serializers.Serializer):
    received = serializers.DateField()
    deadline = serializers.DateField(
        help_text="Last day to obtain the independent evaluation: 30 days after receipt, moved to the "
        "next business day if it is a weekend or public holiday (AIA s36(2))."
    )
    section = serializers.CharField(help_text=SECTION_HELP)


class PenaltyQuery(StrictSerializer):
    section = serializers.ChoiceField(
        choices=[(p.removeprefix("s"), p) for p in (*statute.PROVISIONS, *statute.PROVISION_GROUPS)],
        help_text="Penalty provision, without the 's': 25, 26, 27(3), 28(1), 28(3), 29(1), 29(2), or 29 "
        "(both subsections of s29, which carry the same penalties).",
    )
    person = serializers.ChoiceField(
        choices=[(p.value, p.value) for p in statute.Person],
        help_text="Who is liable: the_commonwealth is the Crown itself (s4(2): never prosecuted; s29 gives "
        "it no penalty); a Commonwealth agency that is an individual or a body corporate answers under s29 "
        "for civil penalties and under s27 for offences.",
    )
    on = RulesDayField(required=False, help_text="Day of the contravention (default: today in Canberra).")

    def to_internal_value(self, data):
        # "25" and "s25" both name section 25.
        if isinstance(data.get("section"), str):
            data = data.copy()
            data["section"] = data["section"].strip().lower().removeprefix("s")
        return super().to_internal_value(data)


class PenaltyResult(serializers.Serializer):
    section = serializers.CharField(help_text=SECTION_HELP)
    person = serializers.CharField()
    kind = serializers.ChoiceField(choices=[(k.value, k.value) for k in statute.Kind])
    on = serializers.DateField(help_text="Day the penalty unit is valued on.")
    penalty_units = serializers.IntegerField()
    penalty_unit_value_aud = serializers.DecimalField(max_digits=12, decimal_places=2)
    penalty_unit_value_from = serializers.DateField(
        help_text="Day from which that penalty unit value applies (Crimes Act 1914 s4AA)."
    )
    maximum_aud = serializers.DecimalField(max_digits=16, decimal_places=2)
    imprisonment_years = serializers.IntegerField(allow_null=True)
    basis = serializers.CharField(help_text="How the maximum is worked out, in words.")


# Tonnes of one gas in one month as the schema states them: decimal text within greenhouse_office.bounds
# (the server also takes a JSON number, and refuses negative, exponent and over-long values).
_DIGITS, _PLACES = bounds.MAX_TONNES_INTEGER_DIGITS, bounds.MAX_TONNES_DECIMAL_PLACES
TONNES_SCHEMA = {
    "type": "string",
    "format": "decimal",
    "pattern": rf"^\d{{1,{_DIGITS}}}(\.\d{{1,{_PLACES}}})?$",
    "example": "4000.5",
}


@extend_schema_field(TONNES_SCHEMA)
class Tonnes(serializers.DecimalField):
    """Tonnes of one gas in one month, to at most bounds' digits and decimal places, not negative."""

    def __init__(self, **kwargs):
        super().__init__(
            max_digits=bounds.MAX_TONNES_INTEGER_DIGITS + bounds.MAX_TONNES_DECIMAL_PLACES,
            decimal_places=bounds.MAX_TONNES_DECIMAL_PLACES,
            min_value=0,
            **kwargs,
        )


# s6, Kyoto Protocol Annex A: the gases a month may name, as an object whose keys are those gases
# (OpenAPI 3.0 has no ``propertyNames``), at least one of them, and no other key.
@extend_schema_field(
    {
        "type": "object",
        "properties": {species.name: dict(TONNES_SCHEMA) for species in statute.SPECIES},
        "additionalProperties": False,
        "minProperties": 1,
    }
)
class GasTonnes(serializers.DictField):
    """Tonnes by Annex A gas: checked by MonthEmissions.validate_gases (statute.canonical_gas)."""


# The profile as programs send it: a JSON list of {"month": "YYYY-MM", "gases": {<canonical name>:
# "<decimal>" or <whole number>}} within the bounds. Checked in one pass (PlainMonths), as DRF's field
# per month would cost tens of microseconds a month; anything else takes the serializers' own path,
# which gives the refusals. ASCII digits only: the fields' \d would also take other scripts' digits.
_PLAIN_MONTH = re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])", re.ASCII)
_PLAIN_TONNES = re.compile(rf"[0-9]{{1,{_DIGITS}}}(?:\.[0-9]{{1,{_PLACES}}})?", re.ASCII)
_MONTH_KEYS = frozenset({"month", "gases"})
_TONNES_STEP = Decimal(1).scaleb(-_PLACES)  # Tonnes' quantum, as DecimalField quantizes
_TONNES_CONTEXT = Context(prec=_DIGITS + _PLACES)
_MAX_WHOLE_TONNES = 10**_DIGITS


def _plain_tonnes(value) -> Decimal | None:
    """``value`` as Tonnes().run_validation would give it, if it is plainly valid; else None."""
    if type(value) is str:
        if not _PLAIN_TONNES.fullmatch(value):
            return None
    elif type(value) is not int or not 0 <= value < _MAX_WHOLE_TONNES:
        return None
    return _TONNES_CONTEXT.quantize(Decimal(value), _TONNES_STEP)


def _plain_month(entry) -> dict | None:
    """``entry`` as MonthEmissions would validate it, if it is plainly valid; else None."""
    if type(entry) is not dict or entry.keys() != _MONTH_KEYS:
        return None
    month, gases = entry["month"], entry["gases"]
    if type(month) is not str or not _PLAIN_MONTH.fullmatch(month):
        return None
    if not bounds.FIRST_PROFILE_YEAR <= int(month[:4]) <= bounds.LAST_PROFILE_YEAR:
        return None
    if type(gases) is not dict or not gases:
        return None
    tonnes = {}
    for gas, value in gases.items():
        quantity = _plain_tonnes(value)
        if quantity is None or gas not in SPECIES_BY_NAME:  # canonical names only
            return None
        tonnes[gas] = quantity
    return {"month": month, "gases": tonnes}


class PlainMonths(serializers.ListSerializer):
    """MonthEmissions(many=True), taking a plainly valid profile in one pass (the same values the
    fields would give); any other input, valid or not, goes through the fields as before."""

    def to_internal_value(self, data):
        if type(data) is list and data and (self.max_length is None or len(data) <= self.max_length):
            plain = []
            for entry in data:
                if (month := _plain_month(entry)) is None:
                    break
                plain.append(month)
            else:
                return plain
        return super().to_internal_value(data)


class MonthEmissions(StrictSerializer):
    month = serializers.RegexField(
        r"^\d{4}-(0[1-9]|1[0-2])$",
        error_messages={"invalid": "Give the month as YYYY-MM, for example 2027-03."},
    )
    gases = GasTonnes(
        child=Tonnes(),
        allow_empty=False,
        help_text='Tonnes of each Kyoto Annex A gas emitted in the month, e.g. {"CO2": "4000", "CH4": '
        '"10.5"}. The schema names each gas by its canonical name; the server also accepts the usual '
        'other names ("carbon dioxide", "R-134a").',
    )

    def validate_month(self, month):
        try:
            emission_profiles.parse_month(month)  # within greenhouse_office.bounds' years
        except statute.InvalidProfile as error:
            raise serializers.ValidationError(str(error)) from error
        return month

    def validate_gases(self, gases):
        unknown = []
        for name in gases:
            try:
                statute.canonical_gas(name)
            except statute.UnknownGas:
                unknown.append(name)
        if unknown:
            raise serializers.ValidationError(
                f"Not a Kyoto Annex A gas: {', '.join(unknown)}. Use names such as CO2, CH4, N2O, SF6, "
                "HFC-134a or CF4."
            )
        return gases

    class Meta:
        list_serializer_class = PlainMonths


# statute.parse_month, remembered: a profile's months are read twice (its span, then the profile), and
# there are only 1,332 months within the bounds.
_first_day = lru_cache(maxsize=2048)(statute.parse_month)


class ScreeningRequest(StrictSerializer):
    gwp_set = serializers.ChoiceField(
        choices=[(name, gwp_set.report) for name, gwp_set in statute.GWP_SETS.items()],
        required=False,
        help_text="Leave out for the legal answer: each month is converted to CO2-e with the global "
        "warming potentials in force for it (s6; Kyoto Protocol Art 5(3)). Give a set only to compare: "
        "every month is then converted with it, and the answer says it is a comparison.",
    )
    months = MonthEmissions(many=True, allow_empty=False, max_length=MAX_PROFILE_MONTHS)

    def validate_months(self, months):
        seen = set()
        duplicates = []
        for entry in months:
            # The month, not its text: "2027-01" and the same in other digits ("٢٠٢٧-01") are one month.
            if (month := _first_day(entry["month"])) in seen:
                duplicates.append(entry["month"])
            seen.add(month)
        if duplicates:
            raise serializers.ValidationError(
                f"Each month may appear only once; repeated: {', '.join(sorted(set(duplicates)))}."
            )
        try:
            emission_profiles.check_span(_first_day(entry["month"]) for entry in months)
        except statute.InvalidProfile as error:
            raise serializers.ValidationError(str(error)) from error
        return months

    def profile(self) -> dict:
        return {_first_day(entry["month"]): entry["gases"] for entry in self.validated_data["months"]}


class ScreeningWindow(serializers.Serializer):
    start = serializers.CharField(help_text="First month of the window, YYYY-MM.")
    end = serializers.CharField(help_text="Last month of the window, YYYY-MM.")


class GwpSpanSerializer(serializers.Serializer):
    gwp_set = serializers.CharField(help_text="SAR, AR4 or AR5.")
    start = serializers.CharField(help_text="First month converted with it, YYYY-MM.")
    end = serializers.CharField(help_text="Last month converted with it, YYYY-MM.")
    citation = serializers.CharField(help_text="Why this set applies to these months.")


class ScreeningResultSerializer(serializers.Serializer):
    conclusion = serializers.ChoiceField(
        choices=[(c.value, c.value) for c in statute.Conclusion],
        help_text="in_excess: some 12 consecutive calendar months are in excess of the threshold. "
        "cannot_rule_out: none is, but some 13 consecutive calendar months are; a period of 12 months "
        "that does not begin on the first of a month touches 13 calendar months, so only daily figures "
        "for the first and last month of each span in spans_to_settle can settle it. not_in_excess: "
        "not even 13 consecutive calendar months are, so no period of 12 months can be.",
    )
    explanation = serializers.ListField(
        child=serializers.CharField(), help_text="The conclusion and the global warming potentials, in words."
    )
    threshold_t_co2e = ExactDecimal(help_text="Tonnes CO2-e: more than this needs approval.")
    max_12_month_t_co2e = ExactDecimal(help_text="Largest total over any 12 consecutive months.")
    window = ScreeningWindow(help_text="The earliest 12 months with that total.")
    by_gas = serializers.DictField(
        child=ExactDecimal(), help_text="Tonnes CO2-e of each gas within the window."
    )
    exceeds_threshold = serializers.BooleanField(
        help_text="The 12-month answer: true when some 12 consecutive calendar months are in excess of "
        "(strictly more than) the threshold. See conclusion for what monthly figures can say."
    )
    max_13_month_t_co2e = ExactDecimal(help_text="Largest total over any 13 consecutive calendar months.")
    span_13_month = ScreeningWindow(help_text="The earliest 13 calendar months with that total.")
    spans_to_settle = ScreeningWindow(
        many=True,
        help_text="When the conclusion is cannot_rule_out: every 13-month span over the threshold. Daily "
        "emissions for its first and last month would settle whether a period of 12 months is in excess.",
    )
    partial_window = serializers.BooleanField(help_text="True when the profile covers fewer than 12 months.")
    gwp_basis = serializers.ChoiceField(
        choices=[(b.value, b.value) for b in statute.GwpBasis],
        help_text="in_force: each month converted with the set in force for it (the legal answer). "
        "comparison: every month converted with the gwp_set asked for.",
    )
    gwp_set = serializers.CharField(help_text='The set or sets used, in month order, e.g. "SAR, AR4".')
    gwp_sets = GwpSpanSerializer(many=True, help_text="Which set converted which months, and why.")
    gwp_section = serializers.CharField(help_text="The law that chooses the global warming potentials.")
    section = serializers.CharField(help_text=SECTION_HELP)

    def to_representation(self, result):
        def window(start, end):
            return {"start": start.strftime("%Y-%m"), "end": end.strftime("%Y-%m")}

        # Shallow (dataclasses.asdict would deep-copy every rolling total, which the answer leaves out).
        return super().to_representation(
            {
                **{field.name: getattr(result, field.name) for field in fields(result)},
                "explanation": list(statute.explain(result)),
                "window": window(result.window_start, result.window_end),
                "span_13_month": window(result.span_13_start, result.span_13_end),
                "spans_to_settle": [window(start, end) for start, end in result.spans_to_settle],
                "gwp_sets": [
                    {**window(s.start, s.end), "gwp_set": s.gwp_set, "citation": s.citation}
                    for s in result.gwp_spans
                ],
            }
        )


# One instance serves every answer: to_representation keeps no state, and a fresh serializer would copy
# its fields again on each request (most of the time of a short profile's answer).
_SCREENING_RESULT = ScreeningResultSerializer()


def screening_result_data(result: statute.ScreeningResult) -> dict:
    """The JSON of a screening result, as ``ScreeningResultSerializer(result).data`` gives it."""
    return _SCREENING_RESULT.to_representation(result)
