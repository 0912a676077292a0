"""docker-compose.yml cannot be run here (no Docker engine), so its promises are checked by reading it."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_compose_has_the_production_services():
    assert {"web", "worker", "beat", "db", "redis"} <= set(SERVICES)


@pytest.mark.parametrize("name", ["web", "worker", "beat", "db", "redis"])
def test_every_long_running_service_has_a_health_check(name):
    assert SERVICES[name]["healthcheck"]["test"]


def test_worker_can_be_scaled_out():
    worker = SERVICES["worker"]
    assert "container_name" not in worker and "hostname" not in worker and "ports" not in worker


@pytest.mark.parametrize("name", ["web", "worker", "beat", "migrate"])
def test_app_services_run_with_debug_off_on_postgres_and_redis(name):
    environment = SERVICES[name]["environment"]
    assert environment["DJANGO_DEBUG"] == "false"
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert environment["REDIS_URL"].startswith("redis://redis:")
    assert "DJANGO_SECRET_KEY" in environment
    assert "GREENHOUSE_EVENT_LOG_KEYS" in environment  # the event log's key, outside the database


def test_data_lives_in_volumes():
    assert {"postgres-data", "redis-data", "documents"} <= set(COMPOSE["volumes"])


def test_the_commands_name_real_modules():
    assert (ROOT / "greenhouse_office" / "wsgi.py").exists()
    assert "greenhouse_office.wsgi" in SERVICES["web"]["command"]
    assert SERVICES["worker"]["command"][:3] == ["celery", "-A", "greenhouse_office"]
    assert "check_heartbeat" in SERVICES["beat"]["healthcheck"]["test"]
    assert (ROOT / "greenhouse_office" / "management" / "commands" / "check_heartbeat.py").exists()


def test_gunicorn_recycles_its_workers_with_jitter_and_bounds_request_headers():
    """Issue 14: a worker that grew on a large page gives its memory back; they do not restart at once."""
    import runpy

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["max_requests"] >= 100 and 0 < config["max_requests_jitter"] < config["max_requests"]
    assert (
        config["limit_request_line"] and config["limit_request_fields"] and config["limit_request_field_size"]
    )
    assert "gunicorn.conf.py" not in (ROOT / ".dockerignore").read_text()  # the image carries it
    assert SERVICES["web"]["command"] == ["gunicorn", "greenhouse_office.wsgi"]  # its settings from the file


def test_each_gunicorn_worker_collects_young_garbage_less_often():
    """A full collection every few large answers was the screening API's p95 tail (gunicorn.conf.py)."""
    import gc
    import runpy

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)  # Python's default, as a fresh worker has it
        config["post_fork"](server=None, worker=None)
        assert gc.get_threshold() == config["GC_THRESHOLDS"]
        assert config["GC_THRESHOLDS"][0] >= 50 * 700
    finally:
        gc.set_threshold(*before)
