"""Wording on the process page: no rule codes, plural forms through ngettext."""

import re


def test_process_pages_show_no_rule_codes(client_for, agreement_of):
    for pilot in ("Trysil-regionen", "Vest-Telemark", "Nord-Troms"):
        page = client_for("kdd").get(f"/process/agreements/{agreement_of(pilot).pk}/").content.decode()
        assert not re.search(r"\(R\d+(, R\d+)*\)", page), pilot


def test_commitment_count_uses_the_plural_form(client_for, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    page = client_for("kdd").get(f"/process/agreements/{trysil.pk}/").content.decode()
    counts = re.findall(r"\((\d+) (forpliktelser?)\)", page)
    assert counts, "the partner list names its commitments"
    for number, word in counts:
        assert word == ("forpliktelse" if number == "1" else "forpliktelser")
