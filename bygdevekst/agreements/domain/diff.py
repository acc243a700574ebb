"""Comparison of two frozen versions: pure functions over the snapshot JSON (see snapshot.py).

Two layers:
- structure, matched by the stable uids: focus areas, sub-goals, commitments and sections added,
  removed, moved (to another parent, or out of order among the elements both versions share) or
  changed; parties added, removed or given another role;
- words: every changed text as difflib opcodes over word tokens. Tokens keep their whitespace, so
  joining the "equal" and "insert" pieces gives the new text exactly, "equal" and "delete" the old.
"""

import difflib
import re

from django.core.cache import cache

_TOKEN = re.compile(r"\s+|[^\s]+")

EQUAL, INSERT, DELETE = "equal", "insert", "delete"

TOP_FIELDS = ("title", "period_start", "period_end", "county_role", "purpose", "overall_goal")
ELEMENT_FIELDS = {
    "focus_area": ("title", "description"),
    "sub_goal": ("title", "description"),
    "commitment": ("party", "kind", "amount_nok", "text"),
    "section": ("title", "body"),
}
KINDS = ("focus_area", "sub_goal", "commitment", "section")


def unmarked(text):
    """The safe text format's emphasis markers are markup, not words: a reader of a comparison (the page, the
    PDF, the Word document) never sees `**`."""
    return text.replace("**", "")


def tokens(text):
    return _TOKEN.findall(text or "")


def word_diff(old, new):
    """[(op, text)] with op in equal/insert/delete; adjacent pieces of one op are merged."""
    a, b = tokens(old), tokens(new)
    ops = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append((EQUAL, "".join(a[i1:i2])))
        else:
            if i2 > i1:
                ops.append((DELETE, "".join(a[i1:i2])))
            if j2 > j1:
                ops.append((INSERT, "".join(b[j1:j2])))
    return ops


def side(ops, which):
    """The old ("from") or new ("to") text back from a word diff."""
    keep = DELETE if which == "from" else INSERT
    return "".join(text for op, text in ops if op in (EQUAL, keep))


def _text(value):
    if value is None:
        return ""
    if isinstance(value, dict):  # an organisation
        return value.get("name", "")
    return str(value)


def index(content):
    """uid → {kind, parent, order, item} for every element of a snapshot."""
    found = {}
    for i, fa in enumerate(content.get("focus_areas", [])):
        found[fa["uid"]] = {"kind": "focus_area", "parent": None, "order": i, "item": fa}
        for j, sg in enumerate(fa.get("sub_goals", [])):
            found[sg["uid"]] = {"kind": "sub_goal", "parent": fa["uid"], "order": j, "item": sg}
            for k, c in enumerate(sg.get("commitments", [])):
                found[c["uid"]] = {"kind": "commitment", "parent": sg["uid"], "order": k, "item": c}
    for i, s in enumerate(content.get("sections", [])):
        found[s["uid"]] = {"kind": "section", "parent": None, "order": i, "item": s}
    return found


def _out_of_order(old_idx, new_idx, common):
    """uids whose relative order among siblings changed: those outside the longest common subsequence."""
    moved = set()
    groups = {}
    for uid in common:
        if old_idx[uid]["parent"] == new_idx[uid]["parent"]:
            groups.setdefault((old_idx[uid]["kind"], old_idx[uid]["parent"]), []).append(uid)
    for uids in groups.values():
        a = sorted(uids, key=lambda u: old_idx[u]["order"])
        b = sorted(uids, key=lambda u: new_idx[u]["order"])
        kept = set()
        for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
            kept.update(a[block.a:block.a + block.size])
        moved.update(set(uids) - kept)
    return moved


def _field_changes(kind, old, new):
    changes = []
    for field in ELEMENT_FIELDS[kind]:
        before, after = _text(old.get(field)), _text(new.get(field))
        if before != after:
            changes.append({"field": field, "from": before, "to": after, "ops": word_diff(before, after)})
    return changes


def _summary(entry):
    item = entry["item"]
    return item.get("title") or item.get("text", "")[:80]


def _party_key(p):
    return str(p["organisation"]["id"])


def diff_parties(old, new):
    a = {_party_key(p): p for p in old.get("parties", [])}
    b = {_party_key(p): p for p in new.get("parties", [])}
    return {
        "added": [b[k] for k in b if k not in a],
        "removed": [a[k] for k in a if k not in b],
        "role_changed": [
            {"organisation": b[k]["organisation"], "from": a[k]["role"], "to": b[k]["role"]}
            for k in b if k in a and a[k]["role"] != b[k]["role"]
        ],
        "sub_goals_changed": [
            {"organisation": b[k]["organisation"], "added": sorted(set(b[k]["sub_goals"]) - set(a[k]["sub_goals"])),
             "removed": sorted(set(a[k]["sub_goals"]) - set(b[k]["sub_goals"]))}
            for k in b if k in a and set(a[k]["sub_goals"]) != set(b[k]["sub_goals"])
        ],
    }


def diff(old, new):
    """The full comparison of two snapshots. Empty lists everywhere when they are equal."""
    old_idx, new_idx = index(old), index(new)
    common = [u for u in old_idx if u in new_idx and old_idx[u]["kind"] == new_idx[u]["kind"]]
    out_of_order = _out_of_order(old_idx, new_idx, common)
    elements = {kind: {"added": [], "removed": [], "moved": [], "changed": []} for kind in KINDS}
    for uid, entry in new_idx.items():
        if uid not in old_idx:
            elements[entry["kind"]]["added"].append({"uid": uid, "parent": entry["parent"], "summary": _summary(entry)})
    for uid, entry in old_idx.items():
        if uid not in new_idx:
            elements[entry["kind"]]["removed"].append({"uid": uid, "parent": entry["parent"], "summary": _summary(entry)})
    for uid in common:
        before, after = old_idx[uid], new_idx[uid]
        kind = after["kind"]
        if before["parent"] != after["parent"] or uid in out_of_order:
            elements[kind]["moved"].append({
                "uid": uid, "summary": _summary(after),
                "from_parent": before["parent"], "to_parent": after["parent"],
                "from_order": before["order"], "to_order": after["order"],
            })
        fields = _field_changes(kind, before["item"], after["item"])
        if fields:
            elements[kind]["changed"].append({"uid": uid, "summary": _summary(after), "fields": fields})
    top = []
    for field in TOP_FIELDS:
        before, after = _text(old.get(field)), _text(new.get(field))
        if before != after:
            top.append({"field": field, "from": before, "to": after, "ops": word_diff(before, after)})
    return {"fields": top, "parties": diff_parties(old, new), "elements": elements}


# Raise when diff()'s output changes shape, so no cached result of the older shape is read.
DIFF_FORMAT = 1
CACHE_SECONDS = 24 * 3600


def versions_diff(old, new):
    """diff() of two frozen versions, kept in the cache under their two SHA-256s: a version never changes
    (R5) and diff() is a pure function of the two snapshots, so the pair's result is computed once. A long
    text rewritten throughout (word_diff over some thousand tokens) costs about half a second."""
    if not (old.sha256 and new.sha256):
        return diff(old.content, new.content)
    key = f"agreements:diff:{DIFF_FORMAT}:{old.sha256}:{new.sha256}"
    result = cache.get(key)
    if result is None:
        result = diff(old.content, new.content)
        cache.set(key, result, CACHE_SECONDS)
    return result


def is_empty(result):
    return (
        not result["fields"]
        and not any(result["parties"].values())
        and not any(v for kind in result["elements"].values() for v in kind.values())
    )


def titles(*contents):
    """uid → title over several snapshots, to name parents in a change list."""
    names = {}
    for content in contents:
        for uid, entry in index(content).items():
            names[uid] = _summary(entry)
    return names
