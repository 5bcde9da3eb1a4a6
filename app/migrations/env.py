"""Alembic environment: the app's metadata (dataset and kept findings), batch mode for SQLite, one given connection."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from app.models import Base
from app.models.kept import KEPT_METADATA

config = context.config
#: the dataset's tables and the kept findings' (a cache kept apart from the dataset)
target_metadata = [Base.metadata, KEPT_METADATA]


def run_with(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables
        compare_type=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_with(connection)
elif context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      render_as_batch=True, literal_binds=True)  # fmt: skip
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool)  # fmt: skip
    with engine.connect() as conn:
        run_with(conn)
