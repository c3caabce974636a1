"""Alembic environment: runs migrations online against sqlalchemy.url."""

from alembic import context
from sqlalchemy import create_engine, pool

from core.settings import get_settings
from models import Base
from models.database import database_url

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    engine = create_engine(
        config.get_main_option("sqlalchemy.url") or database_url(get_settings()),
        poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
