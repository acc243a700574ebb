"""The comparison of two versions (domain/diff.py): unit cases and properties (hypothesis)."""

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from bygdevekst.agreements.domain.diff import DELETE, EQUAL, INSERT, diff, is_empty, side, word_diff

WORDS = st.text(alphabet="abc æøå áčđŋšŧž\n", max_size=60)


@given(WORDS, WORDS)
def test_word_diff_sides_reproduce_both_texts(a, b):
    ops = word_diff(a, b)
    assert side(ops, "from") == a
    assert side(ops, "to") == b


@given(WORDS)
def test_word_diff_of_a_text_with_itself_is_all_equal(a):
    assert all(op == EQUAL for op, _ in word_diff(a, a))


def test_word_diff_marks_words():
    ops = word_diff("minst 40 nye boliger", "minst 60 nye utleieboliger")
    assert (DELETE, "40") in ops and (INSERT, "60") in ops
    assert (DELETE, "boliger") in ops and (INSERT, "utleieboliger") in ops


def _commitment(uid, text="t", party=1, kind="personnel", amount=None):
    return {"uid": uid, "party": {"id": party, "name": f"Org {party}"}, "kind": kind, "text": text, "amount_nok": amount}


def _content(focus_areas, sections=(), parties=(), **top):
    return {
        "title": top.get("title", "Avtale"), "purpose": top.get("purpose", ""), "overall_goal": "",
        "period_start": None, "period_end": None, "county_role": "not_party", "written_standard": "nb",
        "parties": list(parties), "sections": list(sections),
        "focus_areas": [
            {"uid": fa, "title": fa.upper(), "description": "", "sub_goals": [
                {"uid": sg, "title": sg.upper(), "description": "", "commitments": [_commitment(c) for c in cs]}
                for sg, cs in sgs
            ]}
            for fa, sgs in focus_areas
        ],
    }


# A snapshot as a strategy: unique uids, random nesting, random texts.
UIDS = st.lists(st.uuids().map(str), min_size=12, max_size=12, unique=True)


@st.composite
def snapshots(draw):
    uids = iter(draw(UIDS))
    focus_areas = []
    for _ in range(draw(st.integers(0, 2))):
        fa = next(uids)
        sgs = []
        for _ in range(draw(st.integers(0, 2))):
            sg = next(uids)
            sgs.append((sg, [next(uids) for _ in range(draw(st.integers(0, 1)))]))
        focus_areas.append((fa, sgs))
    content = _content(focus_areas, purpose=draw(WORDS))
    return content


def _uids(content, kind):
    from bygdevekst.agreements.domain.diff import index

    return {u for u, e in index(content).items() if e["kind"] == kind}


@given(snapshots())
def test_diff_of_a_version_with_itself_is_empty(a):
    assert is_empty(diff(a, copy.deepcopy(a)))


@settings(max_examples=60)
@given(snapshots(), snapshots())
def test_added_and_removed_uids_are_the_set_differences(a, b):
    result = diff(a, b)
    for kind in ("focus_area", "sub_goal", "commitment"):
        added = {x["uid"] for x in result["elements"][kind]["added"]}
        removed = {x["uid"] for x in result["elements"][kind]["removed"]}
        assert added == _uids(b, kind) - _uids(a, kind)
        assert removed == _uids(a, kind) - _uids(b, kind)


@given(snapshots(), WORDS)
def test_text_change_to_side_reproduces_the_new_text(a, purpose):
    b = copy.deepcopy(a)
    b["purpose"] = purpose
    result = diff(a, b)
    changed = [f for f in result["fields"] if f["field"] == "purpose"]
    if purpose == a["purpose"]:
        assert not changed
    else:
        assert side(changed[0]["ops"], "to") == purpose
        assert side(changed[0]["ops"], "from") == a["purpose"]


def test_structural_changes_by_uid():
    a = _content([("fa1", [("sg1", ["c1"]), ("sg2", [])]), ("fa2", [("sg3", [])])],
                 parties=[{"organisation": {"id": 1, "name": "A"}, "role": "main_party", "sub_goals": []}])
    b = copy.deepcopy(a)
    # sg2 moves to fa2, sg3 is removed, a new sub-goal sg4 is added, c1's text changes
    sg2 = b["focus_areas"][0]["sub_goals"].pop(1)
    b["focus_areas"][1]["sub_goals"] = [sg2, {"uid": "sg4", "title": "Ny", "description": "", "commitments": []}]
    b["focus_areas"][0]["sub_goals"][0]["commitments"][0]["text"] = "ny tekst"
    b["parties"].append({"organisation": {"id": 2, "name": "B"}, "role": "cooperation_party", "sub_goals": ["sg4"]})
    result = diff(a, b)
    sub_goals = result["elements"]["sub_goal"]
    assert [x["uid"] for x in sub_goals["added"]] == ["sg4"]
    assert [x["uid"] for x in sub_goals["removed"]] == ["sg3"]
    assert [(x["uid"], x["from_parent"], x["to_parent"]) for x in sub_goals["moved"]] == [("sg2", "fa1", "fa2")]
    changed = result["elements"]["commitment"]["changed"]
    assert changed[0]["uid"] == "c1" and changed[0]["fields"][0]["field"] == "text"
    assert [p["organisation"]["name"] for p in result["parties"]["added"]] == ["B"]


def test_reordering_reports_only_the_element_that_moved():
    a = _content([("fa1", []), ("fa2", []), ("fa3", [])])
    b = copy.deepcopy(a)
    b["focus_areas"] = [b["focus_areas"][2], b["focus_areas"][0], b["focus_areas"][1]]
    moved = diff(a, b)["elements"]["focus_area"]["moved"]
    assert [x["uid"] for x in moved] == ["fa3"]


def test_party_role_change_and_amount_change():
    a = _content([("fa", [("sg", ["c"])])],
                 parties=[{"organisation": {"id": 1, "name": "Fylket"}, "role": "main_party", "sub_goals": []}])
    b = copy.deepcopy(a)
    b["parties"][0]["role"] = "cooperation_party"
    b["focus_areas"][0]["sub_goals"][0]["commitments"][0].update(kind="financial", amount_nok=500000)
    result = diff(a, b)
    assert result["parties"]["role_changed"][0]["to"] == "cooperation_party"
    fields = {f["field"] for f in result["elements"]["commitment"]["changed"][0]["fields"]}
    assert fields == {"kind", "amount_nok"}
