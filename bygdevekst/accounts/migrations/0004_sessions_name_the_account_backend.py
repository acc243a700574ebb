"""Sessions signed in before the per-request user read was written out name Django's ModelBackend; the setting now
names bygdevekst.accounts.backends.AccountBackend (Django's, with that one read written out). Each such session is
re-encoded naming the new backend, so nobody signed in is signed out by the upgrade. Nothing else in them changes."""

from importlib import import_module

from django.conf import settings
from django.db import migrations

EARLIER = "django.contrib.auth.backends.ModelBackend"
NOW = "bygdevekst.accounts.backends.AccountBackend"
BACKEND_SESSION_KEY = "_auth_user_backend"  # django.contrib.auth.BACKEND_SESSION_KEY


def rename(apps, schema_editor, old, new):
    Session = apps.get_model("sessions", "Session")
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    for session in Session.objects.using(schema_editor.connection.alias).iterator():
        data = store.decode(session.session_data)
        if data.get(BACKEND_SESSION_KEY) == old:
            data[BACKEND_SESSION_KEY] = new
            Session.objects.using(schema_editor.connection.alias).filter(pk=session.pk).update(
                session_data=store.encode(data))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_invitation"), ("sessions", "0001_initial")]

    operations = [
        migrations.RunPython(lambda apps, editor: rename(apps, editor, EARLIER, NOW),
                             lambda apps, editor: rename(apps, editor, NOW, EARLIER)),
    ]
