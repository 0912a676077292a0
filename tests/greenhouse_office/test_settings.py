"""Settings come from the environment and refuse unsafe production configurations."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.assessments.conftest import PDF  # a valid one-page PDF (uploads are parsed)
from tests.factories import ApplicationFactory

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "GREENHOUSE_EVENT_LOG_KEYS"))
    }
    clean["DJANGO_SETTINGS_MODULE"] = "greenhouse_office.settings.base"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_start_up_fails_clearly_without_secret_key_when_debug_is_off():
    result = _manage("check", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_start_up_fails_clearly_without_the_event_log_key_when_debug_is_off():
    result = _manage("check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode != 0
    assert "GREENHOUSE_EVENT_LOG_KEYS is not set" in result.stderr


def test_check_deploy_passes_with_production_environment():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="greenhouse.example.gov.au",
        GREENHOUSE_EVENT_LOG_KEYS=f"2027a:{secrets.token_urlsafe(32)}",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_when_debug_is_on():
    # The deploy check really looks: the demo configuration is not fit for production.
    result = _manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG" in result.stdout + result.stderr


def test_time_zone_is_canberra_and_aware(settings):
    assert settings.TIME_ZONE == "Australia/Sydney"
    assert settings.USE_TZ is True


def test_debug_string_false_is_false():
    # env.bool, not os.environ.get: the string "False" must not switch debug on.
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        GREENHOUSE_EVENT_LOG_KEYS=f"2027a:{secrets.token_urlsafe(32)}",
    )
    assert result.stdout.strip().endswith("False"), result.stderr


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_makemigrations_check_runs_as_a_command_and_finds_nothing_missing():
    """As a developer or CI runs it, in a fresh process (a module that imports models too early fails
    here with AppRegistryNotReady, not in the test process, whose apps are already loaded)."""
    result = _manage("makemigrations", "--check", "--dry-run", DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "No changes detected" in result.stdout


def test_drfs_authentication_settings_load_before_the_apps():
    """DRF resolves its authentication classes wherever its settings are first read, which may be
    before django.setup(): the token authentication must not import models at import time."""
    code = (
        "from rest_framework.settings import api_settings; print(api_settings.DEFAULT_AUTHENTICATION_CLASSES)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_DEBUG": "true", "DJANGO_SETTINGS_MODULE": "greenhouse_office.settings.base"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "ApiTokenAuthentication" in result.stdout


def _files(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()} if folder.exists() else set()


@pytest.mark.django_db
def test_uploads_in_tests_go_to_a_temporary_folder_never_the_projects_media_private(settings):
    from assessments import services

    project_media = ROOT / "media-private"
    before = _files(project_media)
    application = ApplicationFactory()
    document = services.upload_document(
        application=application,
        actor=application.created_by,
        kind="gia",
        upload=SimpleUploadedFile("gia.pdf", PDF, content_type="application/pdf"),
    )
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / document.file.name
    assert stored.read_bytes() == PDF
    assert ROOT not in stored.parents
    assert _files(project_media) == before


LOG_SOME_LINES = (
    "import logging; "
    "logging.getLogger('django.request').warning('django-line'); "
    "logging.getLogger('assessments.services').debug('our-debug-line'); "
    "logging.getLogger('weasyprint.progress').info('pdf-step-line'); "
    "logging.getLogger('fontTools.subset').info('font-subset-line'); "
    "logging.getLogger('kombu.connection').info('broker-line')"
)


def test_each_log_line_is_printed_once_at_the_level_asked_and_library_chatter_is_not():
    result = _manage("shell", "-c", LOG_SOME_LINES, DJANGO_DEBUG="true", DJANGO_LOG_LEVEL="debug")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("django-line") == 1  # Django's own handler would print it twice
    assert result.stderr.count("our-debug-line") == 1  # hidden at the default level, INFO
    for chatter in ("pdf-step-line", "font-subset-line", "broker-line"):
        assert chatter not in result.stderr
