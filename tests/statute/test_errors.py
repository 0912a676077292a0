import pytest

from greenhouse_office import statute
from greenhouse_office.statute import errors

ERROR_TYPES = [
    cls
    for cls in vars(errors).values()
    if isinstance(cls, type) and issubclass(cls, errors.StatuteError) and cls is not errors.StatuteError
]


@pytest.mark.parametrize("cls", ERROR_TYPES, ids=lambda c: c.__name__)
def test_every_refusal_is_a_statute_error_and_a_value_error(cls):
    error = cls("s33(3): refused", section="s33(3)")
    assert isinstance(error, statute.StatuteError)
    assert isinstance(error, ValueError)
    assert error.message == str(error) == "s33(3): refused"
    assert error.section == "s33(3)"
    assert error.code != errors.StatuteError.code


def test_each_error_type_has_its_own_code():
    codes = [cls.code for cls in ERROR_TYPES]
    assert len(codes) == len(set(codes))


def test_code_can_be_given_per_refusal():
    assert statute.StatuteError("x", code="custom").code == "custom"


@pytest.mark.parametrize("cls", [errors.UnknownParameter, errors.NotInForce])
def test_parameter_lookups_fail_as_lookup_errors(cls):
    assert issubclass(cls, LookupError)


def test_every_error_type_is_exported():
    assert {cls.__name__ for cls in ERROR_TYPES} <= set(statute.__all__)
