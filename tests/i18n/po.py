"""A small reader for gettext .po files (enough for completeness checks; no extra dependency)."""

import ast
from dataclasses import dataclass, field


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict = field(default_factory=dict)  # index → text; 0 for singular
    flags: set = field(default_factory=set)
    references: list = field(default_factory=list)
    obsolete: bool = False

    @property
    def fuzzy(self):
        return "fuzzy" in self.flags

    @property
    def translated(self):
        return bool(self.msgstr) and all(text for text in self.msgstr.values())

    def where(self):
        return self.references[0] if self.references else "?"


def parse(path):
    """Entries of a .po file, header excluded, obsolete (#~) entries marked."""
    entries, entry, key = [], Entry(), None

    def finish():
        nonlocal entry, key
        if entry.msgid or entry.msgstr:
            entries.append(entry)
        entry, key = Entry(), None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            continue
        if line.startswith("#,"):
            if key is not None and key.startswith("msgstr"):
                finish()
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#:"):
            if key is not None and key.startswith("msgstr"):
                finish()
            entry.references.extend(line[2:].split())
            continue
        if line.startswith("#"):
            continue
        entry.obsolete = entry.obsolete or obsolete
        if line.startswith('"'):
            _append(entry, key, ast.literal_eval(line))
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and key is not None and key.startswith("msgstr"):
            finish()
            entry.obsolete = obsolete
        key = keyword
        _append(entry, key, ast.literal_eval(rest), start=True)
    finish()
    return [e for e in entries if e.msgid != "" or e.msgctxt is not None]


def _append(entry, key, text, start=False):
    if key == "msgid":
        entry.msgid = text if start else entry.msgid + text
    elif key == "msgid_plural":
        entry.msgid_plural = text if start else entry.msgid_plural + text
    elif key == "msgctxt":
        entry.msgctxt = text if start else (entry.msgctxt or "") + text
    elif key == "msgstr":
        entry.msgstr[0] = text if start else entry.msgstr.get(0, "") + text
    elif key and key.startswith("msgstr["):
        index = int(key[7:-1])
        entry.msgstr[index] = text if start else entry.msgstr.get(index, "") + text
