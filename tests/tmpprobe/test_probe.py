import traceback

from django.db import connection


def test_probe(client_for, demo):
    c = client_for("kdd")
    a = demo["pilots"]["Trysil-regionen"].agreement
    url = f"/process/agreements/{a.pk}/"
    c.get(url)
    seen = []
    def wrap(execute, sql, params, many, context):
        st = [f"{f.filename.split('bygdevekst/')[-1]}:{f.lineno} {f.name}" for f in traceback.extract_stack() if "/bygdevekst/" in f.filename and "/.venv/" not in f.filename and "memo.py" not in f.filename]
        seen.append((sql[:60], st[-3:]))
        return execute(sql, params, many, context)
    with connection.execute_wrapper(wrap):
        c.get(url)
    for sql, st in seen:
        print(sql.split(" FROM ")[1][:40] if " FROM " in sql else sql[:40], " <- ", " | ".join(st))
