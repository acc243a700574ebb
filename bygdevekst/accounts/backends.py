"""Django's ModelBackend (settings.AUTHENTICATION_BACKENDS), with the one read every signed-in request makes written out.

Signing in, passwords, permissions and `user_can_authenticate` are Django's own. Only `get_user` differs: it reads
the user whose id the session holds as one written-out statement over the model's own columns, and converts each
value as the ORM does, since building `User.objects.get(pk=…)` through the ORM cost about 0.5 ms a request against a
few hundredths of that for the query (docs/performance.md, Session 7). tests/core/test_page_frame.py compares the
user it reads with the ORM's, field by field, on both databases."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from bygdevekst.core.written import written_out


def read_user(user_id):
    """The user with this primary key, as `User.objects.get(pk=user_id)` gives it, or None."""
    model = get_user_model()
    meta = model._meta
    connection, table, column = written_out(model)
    fields = meta.concrete_fields
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(column(f.name) for f in fields)} FROM {table} "  # noqa: S608  # nosec B608  names from the model
            f"WHERE {column(meta.pk.name)} = %s",
            [meta.pk.get_db_prep_value(meta.pk.to_python(user_id), connection)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for field, value in zip(fields, row, strict=True):
        col = field.get_col(meta.db_table)
        for convert in connection.ops.get_db_converters(col) + col.get_db_converters(connection):
            value = convert(value, col, connection)
        values.append(value)
    return model.from_db(connection.alias, [f.attname for f in fields], values)


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        user = read_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
