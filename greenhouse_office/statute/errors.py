"""One error hierarchy for the Bill as code.

Every refusal is a ``StatuteError`` (a ``ValueError``) with a stable ``code`` for the API and a
message in the user's words that cites the section it enforces, e.g. "s33(3): ...".
"""

from __future__ import annotations


class StatuteError(ValueError):
    """A rule of the Bill (or of a law it relies on) refuses the request."""

    code = "statute_error"

    def __init__(self, message: str, *, code: str | None = None, section: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.section = section
        if code is not None:
            self.code = code


class UnknownParameter(StatuteError, LookupError):
    """No parameter with that key exists in the registry."""

    code = "unknown_parameter"


class NotInForce(StatuteError, LookupError):
    """The parameter exists, but no version of it was in force on the date asked about."""

    code = "not_in_force"


class InvalidDate(StatuteError):
    """A day was expected (a ``datetime.date``, not a ``datetime``), or the day makes no sense here."""

    code = "invalid_date"


class InvalidPeriod(StatuteError):
    """A period length must be a whole number of at least 1."""

    code = "invalid_period"


class UnknownSubdivision(StatuteError):
    """The place whose public holidays count (AIA s36(2)) is not an Australian State or Territory."""

    code = "unknown_subdivision"


class InvalidSetting(StatuteError):
    """A Django setting read by the statute package has the wrong type or value."""

    code = "invalid_setting"


class UnlawfulClosingDay(StatuteError):
    """s33(3): the closing day falls within 2 months after the Gazette notice."""

    code = "s33_3_closing_day"


class UnknownGas(StatuteError):
    """The gas is not a Kyoto Protocol Annex A species (source category)."""

    code = "unknown_gas"


class UnknownGwpSet(StatuteError):
    """No set of global warming potentials with that name."""

    code = "unknown_gwp_set"


class GasNotInGwpSet(UnknownGas):
    """The gas is an Annex A species, but the chosen IPCC report gives it no GWP."""

    code = "gas_not_in_gwp_set"


class InvalidQuantity(StatuteError):
    """Tonnes must be an exact, finite, non-negative ``Decimal`` (or ``int``)."""

    code = "invalid_quantity"


class InvalidProfile(StatuteError):
    """A monthly emission profile cannot be screened as given."""

    code = "invalid_profile"


class UnknownProvision(StatuteError):
    """No penalty provision with that section reference."""

    code = "unknown_provision"


class NotApplicable(StatuteError):
    """The provision does not cover that kind of person."""

    code = "not_applicable"
