import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from greenhouse_office.statute import (
    InvalidSetting,
    Key,
    NotInForce,
    commencement,
    parameter,
    statutory_commencement,
)
from greenhouse_office.statute.commencement import (
    CONVENTION_IN_FORCE_FOR_AUSTRALIA,
    KYOTO_IN_FORCE_FOR_AUSTRALIA,
)

ROOT = Path(__file__).resolve().parents[2]


def test_s2_commences_the_day_after_the_later_of_convention_and_kyoto_entry_into_force():
    assert CONVENTION_IN_FORCE_FOR_AUSTRALIA == date(1994, 3, 21)
    assert KYOTO_IN_FORCE_FOR_AUSTRALIA == date(2008, 3, 11)
    assert statutory_commencement() == date(2008, 3, 12)
    assert commencement() == date(2008, 3, 12)


def test_s2_commencement_can_be_overridden_by_settings(configured_settings):
    configured_settings(GREENHOUSE_COMMENCEMENT=date(2027, 1, 1))
    assert commencement() == date(2027, 1, 1)
    # Bill parameters follow: in force from the overridden day, not before.
    assert parameter(Key.COMMENT_PERIOD_MONTHS, on=date(2027, 1, 1)).valid_from == date(2027, 1, 1)
    with pytest.raises(NotInForce):
        parameter(Key.COMMENT_PERIOD_MONTHS, on=date(2026, 12, 31))


def test_s2_configured_settings_without_override_use_the_statutory_day(configured_settings):
    configured_settings()
    assert commencement() == date(2008, 3, 12)


@pytest.mark.parametrize("bad", [datetime(2027, 1, 1, 9, 0), "2027-01-01", 2027])  # noqa: DTZ001
def test_s2_commencement_override_must_be_a_date(configured_settings, bad):
    configured_settings(GREENHOUSE_COMMENCEMENT=bad)
    with pytest.raises(InvalidSetting, match="GREENHOUSE_COMMENCEMENT"):
        commencement()


def test_package_imports_and_works_without_django_settings():
    script = (
        "from datetime import date\n"
        "from django.conf import settings\n"
        "import greenhouse_office.statute as s\n"
        "assert s.comment_period(date(2027, 3, 3)).earliest_closing_day == date(2027, 5, 4)\n"
        "assert s.commencement() == date(2008, 3, 12)\n"
        "assert not settings.configured\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
