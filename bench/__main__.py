"""``make bench``: the bench database (created if missing, migrated), its data (generated if empty), the run.

python -m bench [--applications 10000] [run.py's options, e.g. --seconds 10]
"""

import argparse
import os
import sys

from bench.generate import setup


def ensure_database() -> None:
    """Create the PostgreSQL database DATABASE_URL names if it does not exist (bench data only)."""
    import environ
    import psycopg
    from psycopg import sql

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    if "postgresql" not in config["ENGINE"]:
        return
    server = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"Created the database {config['NAME']}.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Create, fill and measure the bench database.")
    parser.add_argument("--applications", type=int, default=10_000)
    own, rest = parser.parse_known_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import bench.settings  # noqa: F401 - its defaults (DATABASE_URL: gh_bench) before the database exists

    ensure_database()
    setup()
    from django.core.management import call_command

    from assessments.models import Application
    from bench import generate, run

    call_command("migrate", verbosity=0)
    if not Application.objects.exists():
        generate.generate(applications=own.applications)
    from django.db import connections

    connections.close_all()
    return run.main(rest)


if __name__ == "__main__":
    sys.exit(main())
