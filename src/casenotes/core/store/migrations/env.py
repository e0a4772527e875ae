"""Alembic environment: always driven programmatically with an open connection."""

from alembic import context

from casenotes.core.store.records import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
