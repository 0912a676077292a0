"""Data migrations map existing rows as their docstrings say."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection, migrations

from greenhouse_office.models import Organisation

split_kind = importlib.import_module("greenhouse_office.migrations.0005_organisation_kind_commonwealth_split")


def _editor():
    return SimpleNamespace(connection=connection)


def test_s4_2_old_commonwealth_kind_becomes_a_commonwealth_agency_and_back(db):
    old = Organisation.objects.create(name="Bureau of Meteorology")
    private = Organisation.objects.create(name="Southern Cross Cement Pty Ltd (test)")
    state = Organisation.objects.create(name="EPA Victoria", kind=Organisation.Kind.STATE_OR_TERRITORY)
    Organisation.objects.filter(pk=old.pk).update(kind="commonwealth")  # the kind before 0005

    split_kind.split(apps, _editor())
    kinds = dict(Organisation.objects.filter(pk__in=[old.pk, private.pk, state.pk]).values_list("pk", "kind"))
    assert kinds == {
        old.pk: Organisation.Kind.COMMONWEALTH_AGENCY,
        private.pk: Organisation.Kind.BODY_CORPORATE,  # 0006's kind for a firm
        state.pk: Organisation.Kind.STATE_OR_TERRITORY,
    }
    old.refresh_from_db()
    assert old.is_commonwealth  # s32(2): still "the Commonwealth or a Commonwealth authority"

    Organisation.objects.filter(pk=private.pk).update(kind=Organisation.Kind.THE_COMMONWEALTH)
    split_kind.join(apps, _editor())
    assert set(Organisation.objects.filter(pk__in=[old.pk, private.pk]).values_list("kind", flat=True)) == {
        "commonwealth"
    }


def test_the_split_runs_as_part_of_the_migration_and_reverses():
    [data] = [op for op in split_kind.Migration.operations if isinstance(op, migrations.RunPython)]
    assert (data.code, data.reverse_code) == (split_kind.split, split_kind.join)
