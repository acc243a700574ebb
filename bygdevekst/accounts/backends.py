"""Django's ModelBackend (settings.AUTHENTICATION_BACKENDS), with the one read every signed-in request makes written out.

Signing in, passwords, permissions and `user_can_authenticate` are Django's own. Only `get_user` differs: it reads
the user whose id the session holds as one written-out statement over the model's own columns, and converts each
value as the ORM does, since building `User.objects.get(pk=…)` through the ORM cost about 0.5 ms a request against a
few hundredths of that for the query (docs/performance.md, Session 7). tests/core/test_page_frame.py compares the
user it reads with the ORM's, field by field, on both databases."""

import weakref

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from bygdevekst.core.written import written_out

_READS = weakref.WeakKeyDictionary()  # database connection → (the statement, each column's converters, attnames)


def _read_for(model):
    """The statement and, per column, the converters the ORM would apply: worked out once per connection (the
    user model is fixed by the settings)."""
    connection, table, column = written_out(model)
    if connection not in _READS:
        meta = model._meta
        fields = meta.concrete_fields
        sql = (f"SELECT {', '.join(column(f.name) for f in fields)} FROM {table} "  # noqa: S608  # nosec B608  names from the model
               f"WHERE {column(meta.pk.name)} = %s")
        converters = []
        for field in fields:
            col = field.get_col(meta.db_table)
            converters.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))
        _READS[connection] = sql, converters, [f.attname for f in fields]
    return connection, _READS[connection]


def read_user(user_id):
    """The user with this primary key, as `User.objects.get(pk=user_id)` gives it, or None."""
    model = get_user_model()
    connection, (sql, converters, attnames) = _read_for(model)
    with connection.cursor() as cursor:
        cursor.execute(sql, [model._meta.pk.get_db_prep_value(model._meta.pk.to_python(user_id), connection)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for (col, convert_all), value in zip(converters, row, strict=True):
        for convert in convert_all:
            value = convert(value, col, connection)
        values.append(value)
    return model.from_db(connection.alias, attnames, values)


class AccountBackend(ModelBackend):
    """Django's ModelBackend with `get_user` written out. Sessions name it by `PATH`, which a page that signs a person
    in itself passes to `login()`."""

    def get_user(self, user_id):
        user = read_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


PATH = f"{AccountBackend.__module__}.{AccountBackend.__qualname__}"
