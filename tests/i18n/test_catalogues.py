"""The translation catalogues are complete: no untranslated or fuzzy entry in bokmål or nynorsk, no
fuzzy entry in English (whose empty entries fall back to the English source), and every compiled .mo
newer than its .po. Strict on purpose: a failure here lists what to translate."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

from .po import parse

LOCALE = Path(__file__).resolve().parents[2] / "locale"
NORWEGIAN = ["nb", "nn"]
MSGFMT = shutil.which("msgfmt") or "/usr/bin/msgfmt"  # gettext, installed by .ci/run


def catalogue(language):
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def live_entries(language):
    return [e for e in parse(catalogue(language)) if not e.obsolete]


def _listing(entries, limit=40):
    lines = [f"  {e.where()}: {e.msgid!r}" for e in entries[:limit]]
    if len(entries) > limit:
        lines.append(f"  … and {len(entries) - limit} more")
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_catalogue_exists_and_is_valid(language):
    path = catalogue(language)
    assert path.exists(), f"{path} is missing: manage.py makemessages -l {language}"
    check = subprocess.run([MSGFMT, "--check-format", "-o", "/dev/null", str(path)],  # noqa: S603
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize("language", NORWEGIAN)
def test_no_untranslated_entries(language):
    missing = [e for e in live_entries(language) if not e.translated]
    assert not missing, f"{len(missing)} untranslated entries in {catalogue(language)}:\n{_listing(missing)}"


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_no_fuzzy_entries(language):
    fuzzy = [e for e in live_entries(language) if e.fuzzy]
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries in {catalogue(language)} (check, then remove the flag):\n{_listing(fuzzy)}"


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_compiled_catalogue_matches_its_source(language):
    """The committed .mo (what the app reads; no gettext needed on a laptop) holds every translation in
    the .po exactly: compared by content, since a fresh clone's file times say nothing."""
    po = catalogue(language)
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: make messages"
    with open(mo, "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for entry in live_entries(language):
        if not entry.translated or entry.fuzzy:
            continue
        if entry.msgid_plural:
            got = [compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n) if entry.msgctxt
                   else compiled.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
            want = [entry.msgstr[0], entry.msgstr.get(1, entry.msgstr[0])]
        else:
            got = [compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else compiled.gettext(entry.msgid)]
            want = [entry.msgstr[0]]
        if got != want:
            stale.append(entry)
    assert not stale, f"{mo} is out of date with {po} ({len(stale)} entries): make messages\n{_listing(stale)}"


@pytest.mark.parametrize("language", NORWEGIAN)
def test_msgfmt_agrees_nothing_is_missing(language):
    """gettext's own count, as a second opinion on the parser above."""
    stats = subprocess.run([MSGFMT, "--statistics", "-o", "/dev/null", str(catalogue(language))],  # noqa: S603
                           capture_output=True, text=True, check=False).stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, stats


def test_parser_reads_plurals_context_flags_and_continuations(tmp_path):
    sample = tmp_path / "sample.po"
    sample.write_text(
        'msgid ""\nmsgstr ""\n"Language: nn\\n"\n\n'
        '#: a.py:1\nmsgid "One"\nmsgstr "Ein"\n\n'
        '#, fuzzy\nmsgctxt "month"\nmsgid "May"\nmsgstr "Mai"\n\n'
        'msgid "%(n)s pilot"\nmsgid_plural "%(n)s pilots"\nmsgstr[0] "%(n)s pilot"\nmsgstr[1] ""\n\n'
        'msgid ""\n"Long "\n"text"\nmsgstr ""\n"Lang "\n"tekst"\n\n'
        '#~ msgid "Gone"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    entries = {e.msgid: e for e in parse(sample)}
    assert entries["One"].translated and entries["One"].where() == "a.py:1"
    assert entries["May"].fuzzy and entries["May"].msgctxt == "month"
    assert not entries["%(n)s pilot"].translated
    assert entries["Long text"].msgstr[0] == "Lang tekst"
    assert entries["Gone"].obsolete
