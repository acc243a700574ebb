"""A frozen version's document is rendered by the task worker as soon as the version exists, so the first person to
download it gets the stored bytes at once instead of waiting for WeasyPrint (a long final text takes seconds)."""

from django_tasks import task


@task()
def render_version_document(version_id):
    from .documents.store import stored_document
    from .models import AgreementVersion

    version = AgreementVersion.objects.select_related("agreement__pilot").filter(pk=version_id).first()
    if version is not None:
        stored_document(version)  # renders and stores once; a later call (or a download first) reuses it
