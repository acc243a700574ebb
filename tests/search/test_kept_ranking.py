"""A search's count and ranked ids are kept until the next logged action or save (search/query.py, `kept`): what
another process changes is seen once it logs its action, and a page whose documents are gone is ranked afresh."""

import contextlib
from unittest import mock

from django.core.management import call_command
from django.db.models.signals import post_save

from bygdevekst.audit import fragments
from bygdevekst.audit.log import log_action
from bygdevekst.search import indexers
from bygdevekst.search.models import SearchDocument
from bygdevekst.search.query import search

SMOLA = "Smøla og Aure"


@contextlib.contextmanager
def another_process():
    """Changes made here reach this process as they would from another one: no save or index write is heard."""
    post_save.disconnect(dispatch_uid="audit-fragments-save")
    try:
        with mock.patch.object(fragments, "invalidate", lambda *args, **kwargs: None):
            yield
    finally:
        fragments.connect()


def test_a_change_in_another_process_is_found_once_it_is_logged(demo):
    kdd = demo["users"]["kdd"]
    assert not search(kdd, "fiskeoppdrett")
    doc = SearchDocument.objects.filter(kind="draft", pilot__name=SMOLA).first()
    fields = indexers.document_fields(doc.title, [("", doc.body), ("", "Fiskeoppdrett gir arbeid.")])
    with another_process():
        SearchDocument.objects.filter(pk=doc.pk).update(**fields)
    assert not search(kdd, "fiskeoppdrett")  # the kept answer: nothing was logged
    log_action("agreement.edited", obj=doc.agreement, agreement=doc.agreement, data={})
    assert [h.document.pk for h in search(kdd, "fiskeoppdrett")] == [doc.pk]


def test_a_save_here_is_found_at_once(demo):
    from bygdevekst.agreements.models import Section

    smola = demo["users"]["smola"]
    assert not search(smola, "fiskeoppdrett")
    Section.objects.create(agreement=demo["pilots"][SMOLA].agreement, title="Havbruk", body="Fiskeoppdrett.",
                           position=9)
    assert [h.document.kind for h in search(smola, "fiskeoppdrett")] == ["draft"]


def test_a_page_whose_documents_were_rebuilt_elsewhere_is_ranked_afresh(demo):
    kdd = demo["users"]["kdd"]
    before = [(h.document.kind, h.document.object_ref) for h in search(kdd, "bolig")[0:20]]
    assert before
    with another_process():
        SearchDocument.objects.all().delete()
        call_command("reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115  the command's report is not read
    after = [(h.document.kind, h.document.object_ref) for h in search(kdd, "bolig")[0:20]]
    assert after == before
