"""The change between two versions as a Word document with real tracked changes (w:ins / w:del).

The document is the newer text with the older one's words struck through: every element of either version
appears once, in the newer order (a removed element stays where it was among its siblings). Changed words are
runs inside w:ins / w:del; a whole paragraph added or removed also has its paragraph mark tracked, so that
"reject all" in Word or LibreOffice gives back the older text and "accept all" the newer one. Every revision
is authored "Versjon N: <kind>" and dated with that version's freezing time, so a reader stepping through
the revisions sees which version brought them.

Element titles and texts are written as plain text so that a word diff maps one to one onto runs; the safe text
format's `**` is markup, not words, and is left out (`diff.unmarked`), as on the compare page and in its PDF. An element moved to another parent is deleted at its old place and inserted at its
new one (what Word itself records without move markup); one reordered among its siblings appears at its new
place with its text changes tracked.
"""

import io
import itertools

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..domain.diff import DELETE, EQUAL, INSERT, unmarked, word_diff
from .labels import labels_for
from .present import nok
from .word import _fixed_zip


class _Tracker:
    def __init__(self, document, author, date):
        self.document, self.author, self.date = document, author, date
        self.ids = itertools.count(1)

    def _mark(self, tag):
        el = OxmlElement(tag)
        el.set(qn("w:id"), str(next(self.ids)))
        el.set(qn("w:author"), self.author)
        el.set(qn("w:date"), self.date)
        return el

    def _run(self, text, op, bold):
        run = OxmlElement("w:r")
        if bold:
            rpr = OxmlElement("w:rPr")
            rpr.append(OxmlElement("w:b"))
            run.append(rpr)
        for i, piece in enumerate(unmarked(text).split("\n")):
            if i:
                run.append(OxmlElement("w:br"))
            t = OxmlElement("w:delText" if op == DELETE else "w:t")
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = piece
            run.append(t)
        return run

    def paragraph(self, pieces, whole=EQUAL, style=None, bold=False):
        """pieces: [(op, text)]; whole: INSERT or DELETE when the paragraph itself is added or removed."""
        paragraph = self.document.add_paragraph(style=style)
        for op, text in pieces:
            op = whole if whole != EQUAL else op
            run = self._run(text, op, bold)
            if op == EQUAL:
                paragraph._p.append(run)
            else:
                wrapper = self._mark("w:ins" if op == INSERT else "w:del")
                wrapper.append(run)
                paragraph._p.append(wrapper)
        if whole != EQUAL:
            rpr = OxmlElement("w:rPr")
            rpr.append(self._mark("w:ins" if whole == INSERT else "w:del"))
            paragraph._p.get_or_add_pPr().append(rpr)
        return paragraph

    def text(self, old, new, whole=EQUAL, style=None, prefix="", bold=False):
        """One paragraph: the words of old → new, or the whole text added / removed."""
        if whole == INSERT:
            ops = [(INSERT, new)]
        elif whole == DELETE:
            ops = [(DELETE, old)]
        else:
            ops = word_diff(old, new)
        if not any(t for _op, t in ops):
            return None
        if prefix:
            ops = [(EQUAL if whole == EQUAL else whole, prefix), *ops]
        return self.paragraph(ops, whole=whole, style=style, bold=bold)


def _merged(old_items, new_items):
    """[(old item or None, new item or None)] in the new order; a removed item follows its old predecessor."""
    new_uids = {i["uid"] for i in new_items}
    old_by_uid = {i["uid"]: i for i in old_items}
    result = [(old_by_uid.get(i["uid"]), i) for i in new_items]
    for pos, item in enumerate(old_items):
        if item["uid"] in new_uids:
            continue
        before = [o["uid"] for o in old_items[:pos]]
        at = 0
        for k, (o, n) in enumerate(result):
            if (n or o)["uid"] in before:
                at = k + 1
        result.insert(at, (item, None))
    return result


def _whole(old, new):
    return INSERT if old is None else DELETE if new is None else EQUAL


def _field(old, new, name):
    return (old or {}).get(name) or "", (new or {}).get(name) or ""


def _commitment_line(c, labels):
    if not c:
        return ""
    amount = f", {nok(c.get('amount_nok'))}" if c.get("amount_nok") else ""
    return f"{c['party']['name']} ({labels.get(c['kind'], c['kind'])}{amount}): {c.get('text', '')}"


def _element(tr, labels, old, new, heading_style, label):
    whole = _whole(old, new)
    tr.text(*_field(old, new, "title"), whole=whole, style=heading_style, prefix=f"{label}: ")
    tr.text(*_field(old, new, "description"), whole=whole)
    return whole


def changes_docx(old_version, new_version):
    old, new = old_version.content, new_version.content
    labels = labels_for(new.get("written_standard"))
    document = Document()
    props = document.core_properties
    props.title = new.get("title", "")
    props.author = props.last_modified_by = "Bygdevekst"
    props.language = "nn" if new.get("written_standard") == "nn" else "nb"
    later = max(old_version.created_at, new_version.created_at)
    props.created = props.modified = props.last_printed = later.replace(tzinfo=None)
    props.identifier = f"{old_version.sha256}:{new_version.sha256}"
    author = f"{labels['version']} {new_version.number}: {labels.get(new_version.kind, new_version.kind)}"
    tr = _Tracker(document, author, new_version.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"))

    tr.text(old.get("title", ""), new.get("title", ""), style="Title")
    document.add_paragraph(f"{labels['change_summary']} {labels['from_to'].format(a=old_version.number, b=new_version.number)}"
                           f" ({old_version.sha256[:12]} → {new_version.sha256[:12]})")
    document.add_heading(labels["parties"], level=1)
    old_parties = {str(p["organisation"]["id"]): p for p in old.get("parties", [])}
    new_parties = {str(p["organisation"]["id"]): p for p in new.get("parties", [])}
    for key in [*new_parties, *(k for k in old_parties if k not in new_parties)]:
        o, n = old_parties.get(key), new_parties.get(key)
        name = (n or o)["organisation"]["name"]
        tr.text(labels.get(o["role"], o["role"]) if o else "", labels.get(n["role"], n["role"]) if n else "",
                whole=_whole(o, n), style="List Bullet", prefix=f"{name} – ")
    for field in ("purpose", "overall_goal"):
        if old.get(field) or new.get(field):
            document.add_heading(labels[field], level=1)
            tr.text(old.get(field) or "", new.get(field) or "")
    for fa_old, fa_new in _merged(old.get("focus_areas", []), new.get("focus_areas", [])):
        whole = _element(tr, labels, fa_old, fa_new, "Heading 1", labels["focus_area"])
        sub_old = (fa_old or {}).get("sub_goals", []) if whole != INSERT else []
        sub_new = (fa_new or {}).get("sub_goals", []) if whole != DELETE else []
        for sg_old, sg_new in _merged(sub_old, sub_new):
            sg_whole = _element(tr, labels, sg_old, sg_new, "Heading 2", labels["sub_goal"])
            c_old = (sg_old or {}).get("commitments", []) if sg_whole != INSERT else []
            c_new = (sg_new or {}).get("commitments", []) if sg_whole != DELETE else []
            for co, cn in _merged(c_old, c_new):
                tr.text(_commitment_line(co, labels), _commitment_line(cn, labels), whole=_whole(co, cn),
                        style="List Bullet")
    for s_old, s_new in _merged(old.get("sections", []), new.get("sections", [])):
        whole = _whole(s_old, s_new)
        tr.text(*_field(s_old, s_new, "title"), whole=whole, style="Heading 1")
        tr.text(*_field(s_old, s_new, "body"), whole=whole)
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue(), later)
