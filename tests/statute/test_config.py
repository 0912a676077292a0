from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from greenhouse_office.statute import UnknownSubdivision, is_business_day, legal_today, office_subdivision
from greenhouse_office.statute.config import django_setting


def test_without_configured_settings_the_hook_returns_defaults():
    assert django_setting("GREENHOUSE_COMMENCEMENT", None) is None
    assert office_subdivision() == "ACT"


def test_the_legal_clock_is_canberra_time():
    assert legal_today() in {
        datetime.now(ZoneInfo("Australia/Sydney")).date(),
        date.fromordinal(datetime.now(ZoneInfo("Australia/Sydney")).date().toordinal() - 1),  # midnight race
    }


def test_aia_s36_2_office_subdivision_comes_from_settings(configured_settings):
    canberra_day = date(2027, 3, 8)
    assert not is_business_day(canberra_day)
    configured_settings(GREENHOUSE_OFFICE_SUBDIVISION="NSW")
    assert is_business_day(canberra_day)  # not a holiday in Sydney


def test_aia_s36_2_unknown_office_subdivision_is_refused(configured_settings):
    configured_settings(GREENHOUSE_OFFICE_SUBDIVISION="Atlantis")
    with pytest.raises(UnknownSubdivision, match="Atlantis"):
        is_business_day(date(2027, 3, 8))
