from django.core.files.uploadedfile import SimpleUploadedFile

from bygdevekst.organisations.models import Organisation
from tests.pdfs import tiny_pdf


def pdf():
    return SimpleUploadedFile("protokoll.pdf", tiny_pdf(), content_type="application/pdf")


def test_R4_addendum_needs_every_council_and_the_government_on_its_text(client_for, agreement_of):
    nord = agreement_of("Nord-Troms")
    base = f"/process/agreements/{nord.pk}"
    kdd, pm = client_for("kdd"), client_for("kafjord")
    kdd.post(f"{base}/addenda/new/", {"title": "Nytt delmål om bredbånd", "text": "Partene legger til et delmål."})
    addendum = nord.addenda.get(number=1)
    assert pm.post(f"{base}/addenda/1/send/").status_code == 403
    kdd.post(f"{base}/addenda/1/send/")
    addendum.refresh_from_db()
    assert addendum.state == "in_approval" and len(addendum.sha256) == 64

    page = kdd.post(f"{base}/addenda/1/approve/", follow=True)
    assert "Kvænangen" in page.content.decode()
    addendum.refresh_from_db()
    assert addendum.state == "in_approval"

    for m in nord.pilot.municipalities.all():
        response = pm.post(f"{base}/anchoring/new/", {"organisation": m.pk, "body": "kommunestyre", "final_approval": "on",
                                                      "meeting_date": "2026-10-01", "addendum": addendum.pk, "minutes": pdf()})
        assert response.status_code == 302
    pm.post(f"{base}/anchoring/new/", {"organisation": nord.pilot.county_council.pk, "body": "fylkesting",
                                       "final_approval": "on", "meeting_date": "2026-10-02", "addendum": addendum.pk,
                                       "minutes": pdf()})
    kdd.post(f"{base}/addenda/1/approve/")
    addendum.refresh_from_db()
    assert addendum.state == "in_approval"  # the government is still missing
    kdd.post(f"{base}/anchoring/new/", {"organisation": Organisation.objects.get(org_number="972417858").pk,
                                        "body": "regjeringen", "final_approval": "on", "meeting_date": "2026-10-09",
                                        "addendum": addendum.pk, "minutes": pdf()})
    kdd.post(f"{base}/addenda/1/approve/")
    addendum.refresh_from_db()
    assert addendum.state == "approved" and addendum.approved_at is not None
    # The agreement's own final approvals are untouched by the addendum's decisions.
    from bygdevekst.process.domain.anchoring import missing_final_approvals

    assert missing_final_approvals(nord) == []
