"""One way to write out a read that every signed-in request makes (the session, the memberships, the unread count):
building such a query through the ORM costs about ten times what the database takes to answer it
(docs/performance.md, Session 6). Table and column names come from the model, values are always parameters;
tests/core/test_page_frame.py compares each with the ORM query it stands for."""

from django.db import connections, router


def written_out(model):
    """(connection, the quoted table, column(field name) → the quoted column) for a read of `model`."""
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    meta = model._meta
    return connection, quote(meta.db_table), lambda name: quote(meta.get_field(name).column)
