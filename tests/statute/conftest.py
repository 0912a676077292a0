"""Statute tests answer as the package does outside Django: with no settings overrides.

Every module runs with the package's one Django hook (``config.django_setting``) returning its
defaults, so a project setting (e.g. GREENHOUSE_COMMENCEMENT) cannot change the answers, and
``django.conf.settings`` itself is never replaced. Tests of the hook use ``configured_settings``.
"""

from types import SimpleNamespace

import pytest

from greenhouse_office.statute import config

REAL_DJANGO_SETTING = config.django_setting


def _defaults_only(name, default):
    return default


@pytest.fixture(autouse=True, scope="module")
def _no_settings_overrides():
    # Module scope, so Hypothesis tests do not trip its function-scoped-fixture health check.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(config, "django_setting", _defaults_only)
        yield


@pytest.fixture
def configured_settings(monkeypatch):
    """Run the real hook against configured stand-in settings with the given attributes.

    Only ``config``'s view of ``django.conf.settings`` is replaced, nothing else in Django.
    """

    def install(**values):
        fake = SimpleNamespace(configured=True, **values)
        monkeypatch.setattr(config, "django_setting", REAL_DJANGO_SETTING)
        monkeypatch.setattr("django.conf.settings", fake)

    return install
