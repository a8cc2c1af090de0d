"""Migrations apply from empty, are idempotent, match the models, and downgrade cleanly."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from progress.db import make_engine
from progress.migrate import alembic_config, upgrade_database
from progress.models import Base


def test_models_and_migrations_agree(db_url):
    upgrade_database(db_url)  # a second run is a no-op
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_downgrade_to_base_and_up_again(db_url):
    config = alembic_config(db_url)
    command.downgrade(config, "base")
    engine = make_engine(db_url)
    try:
        assert "users" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
    upgrade_database(db_url)
    engine = make_engine(db_url)
    try:
        assert {"users", "login_failures", "activity_days"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
