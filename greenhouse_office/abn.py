"""The Australian Business Number: its check digits, in one place for the model and every form.

An ABN is 11 digits. Subtract 1 from the first, multiply each digit by its weight (10, 1, 3, 5, 7,
9, 11, 13, 15, 17, 19) and add: the ABN is valid when the sum divides by 89 (the Australian Business
Register's published algorithm). People write it in groups ("53 004 085 616"); it is stored as the
11 digits alone. A valid ABN is one that could be issued, not one that is: the ABN Lookup says which.
"""

from django import forms
from django.core.exceptions import ValidationError

WEIGHTS = (10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19)
LENGTH = len(WEIGHTS)
MODULUS = 89
LOOKUP = "Check it on the ABN Lookup (abr.business.gov.au)."


def normalise(value: str) -> str:
    """The ABN without the spaces people write in it."""
    return "".join(str(value).split())


def formatted(value: str) -> str:
    """11 digits as the Register writes them: "53 004 085 616" (anything else unchanged)."""
    digits = normalise(value)
    if len(digits) != LENGTH or not digits.isdigit():
        return str(value)
    return f"{digits[:2]} {digits[2:5]} {digits[5:8]} {digits[8:]}"


def _weighted_sum(digits: str) -> int:
    values = [int(d) for d in digits]
    values[0] -= 1
    return sum(weight * value for weight, value in zip(WEIGHTS, values, strict=True))


def is_valid(value: str) -> bool:
    """True when ``value`` (spaces allowed) is 11 digits whose check digits match."""
    digits = normalise(value)
    if len(digits) != LENGTH or not (digits.isascii() and digits.isdigit()):
        return False
    return _weighted_sum(digits) % MODULUS == 0


def with_check_digits(base: str) -> str:
    """The valid ABN whose last 9 digits are ``base``: the two check digits put in front of it."""
    if len(base) != LENGTH - 2 or not (base.isascii() and base.isdigit()):
        raise ValueError("base must be 9 digits")
    rest = _weighted_sum("1" + "0" + base)  # the first two digits' share is then 0
    # (d1 - 1) * 10 + d2 must be -rest mod 89 (0 to 88), so the prefix 10 * d1 + d2 is 10 to 98.
    return f"{(-rest) % MODULUS + 10:02d}{base}"


def validate_abn(value: str) -> None:
    """Raise ValidationError, saying what is wrong, unless ``value`` is a valid ABN (spaces allowed)."""
    digits = normalise(value)
    shown = str(value).strip()
    if not (digits.isascii() and digits.isdigit()):
        raise ValidationError(
            "The ABN %(abn)s is not valid: an ABN is 11 digits, with nothing but spaces between them. "
            "%(lookup)s",
            code="abn_not_digits",
            params={"abn": shown, "lookup": LOOKUP},
        )
    if len(digits) != LENGTH:
        raise ValidationError(
            "The ABN %(abn)s is not valid: it has %(count)d digits, and an ABN has 11. %(lookup)s",
            code="abn_length",
            params={"abn": shown, "count": len(digits), "lookup": LOOKUP},
        )
    if not is_valid(digits):
        raise ValidationError(
            "The ABN %(abn)s is not valid: its check digits do not match. %(lookup)s",
            code="abn_check_digits",
            params={"abn": formatted(digits), "lookup": LOOKUP},
        )


class ABNFormField(forms.CharField):
    """An ABN as people type it: spaces allowed, cleaned to the 11 digits."""

    default_validators = [validate_abn]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", "11 digits; spaces are allowed, e.g. 53 004 085 616.")
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalise(super().to_python(value))

    def prepare_value(self, value):
        return formatted(value) if value else value
