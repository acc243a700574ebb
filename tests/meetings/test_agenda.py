"""A dialogue meeting's agenda items show KDD's question from the state's response, not only the title."""

from bygdevekst.meetings.models import Meeting
from bygdevekst.process.domain.response import dialogue_agenda


def test_agenda_items_carry_kdds_question(client_for, agreement_of):
    vt = agreement_of("Vest-Telemark")
    questions = {str(item.target_uid): item.text for item in dialogue_agenda(vt)}
    assert questions and all(questions.values())
    response = client_for("kdd").post(
        f"/meetings/new/?kind=dialogue&agreement={vt.pk}",
        {"kind": "dialogue", "title": "Nytt dialogmøte", "date": "2026-02-10", "place": "Oslo", "agreement": vt.pk},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Nytt dialogmøte")
    items = list(meeting.items.all())
    assert {str(i.target_uid): i.question for i in items} == questions
    for who in ("kdd", "vinje"):
        page = client_for(who).get(f"/meetings/{meeting.pk}/").content.decode()
        for text in questions.values():
            assert text.split("\n")[0][:60] in page, who
