"""Norwegian-aware text handling shared by indexing and querying, the same on both engines.

Every word becomes one or more *keys*: lower-cased, accents folded (Gáivuotna → gaivuotna; æ, ø and å
stay letters of their own, å written "aa" so that no engine folds it into "a"), stemmed with the Snowball
Norwegian stemmer (the algorithm of PostgreSQL's `norwegian` configuration) and mapped onto one key per
bokmål–nynorsk synonym group, so "boliger", "bolig" and "bustader" meet. A compound whose head or tail
is a known word gets a compound key too, so "utleieboliger" and "utleigebustader" meet, and its tail's
key, so "bolig" finds "utleieboliger". The keys are what both engines index and match; the readable
text (plain, without Markdown) is what they rank, cut excerpts from and highlight in.
"""

import functools
import html
import re
import unicodedata

import nh3
import snowballstemmer

from bygdevekst.core import safetext

WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_QUERY_WORDS = 12
# The engines' excerpt functions wrap hits in these; they never occur in indexed text (see plain()).
MARK_START, MARK_END = "\x02", "\x03"

# Key words of the domain in bokmål and nynorsk (and common variants): a search in one written
# standard finds texts in the other. Each line is one group; any word finds all the others.
SYNONYMS = [
    ("bolig", "bustad", "husvære"),
    ("boligbygging", "bustadbygging"),
    ("ansatte", "tilsette", "ansatt", "tilsett"),
    ("arbeidsplasser", "arbeidsplassar", "arbeidsplass"),
    ("kommunene", "kommunane"),
    ("fagarbeidere", "fagarbeidarar", "fagarbeider", "fagarbeidar"),
    ("tilflyttere", "tilflyttarar", "tilflytter", "tilflyttar"),
    ("bosetting", "busetjing", "busetting"),
    ("flere", "fleire"),
    ("voksne", "vaksne"),
    ("uten", "utan"),
    ("styrke", "styrkje"),
    ("veiledning", "rettleiing"),
    ("bedre", "betre"),
    ("endringer", "endringar"),
    ("partene", "partane"),
    ("varighet", "varigheit"),
    ("rekruttere", "rekruttera", "rekruttering"),
    ("årlig", "årleg"),
    ("gjelder", "gjeld"),
    ("unge", "ungdom"),
]
# First parts of compounds that differ between bokmål and nynorsk (utleiebolig ↔ utleigebustad).
COMPOUND_HEADS = [
    ("utleie", "utleige"),
    ("leie", "leige"),
    ("bolig", "bustad"),
]
MAX_COMPOUND = 60  # characters; Norway's longest compounds in use stay well under this
MIN_PART = 4  # a compound's head and tail are at least this long

_stemmer = snowballstemmer.stemmer("norwegian")
# Letters with a stroke have no decomposition; fold them by hand (Sami đ, ŧ, ŋ).
_STROKES = str.maketrans({"đ": "d", "ŧ": "t", "ŋ": "n", "ʒ": "z", "ł": "l", "ß": "ss"})
_RING = "\u030a"


@functools.lru_cache(maxsize=100_000)
def fold(word):
    """Lower case without accents, except that å stays å (a letter of its own in Norwegian)."""
    decomposed = unicodedata.normalize("NFD", word.lower().translate(_STROKES))
    out = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            if ch == _RING and out and out[-1] == "a":
                out[-1] = "å"
            continue
        out.append(ch)
    return "".join(out)


@functools.lru_cache(maxsize=100_000)
def stem(word):
    return _stemmer.stemWord(fold(word))


def _as_key(stemmed):
    # unicode61 (SQLite) folds å into a: "aa", the old spelling of å, keeps it apart from a on both engines.
    return stemmed.replace("å", "aa")


def _synonym_map():
    mapping = {}
    for group in SYNONYMS:
        head = stem(group[0])
        for word in group:
            mapping[stem(word)] = head
    return mapping


SYNONYM_KEYS = _synonym_map()
_GROUP_OF_KEY = {stem(group[0]): group for group in SYNONYMS}
_HEADS = {fold(word): fold(group[0]) for group in COMPOUND_HEADS for word in group}
_HEAD_GROUPS = {fold(group[0]): group for group in COMPOUND_HEADS}


def _word_key(word):
    stemmed = stem(word)
    return SYNONYM_KEYS.get(stemmed, stemmed)


@functools.lru_cache(maxsize=100_000)
def _split(folded):
    """(head, canonical head, tail) of a compound with a known head or tail, or None. A "word" longer than any
    compound (a pasted hash, a run of one letter) is not split: trying every split point stems every tail, which
    grows with the square of the length."""
    if len(folded) > MAX_COMPOUND:
        return None
    best = None
    for i in range(MIN_PART, len(folded) - MIN_PART + 1):
        head, tail = folded[:i], folded[i:]
        known_head = _HEADS.get(head)
        known_tail = stem(tail) in SYNONYM_KEYS
        if known_head and known_tail:
            return head, known_head, tail
        if best is None and (known_head or known_tail):
            best = (head, known_head or head, tail)
    return best


@functools.lru_cache(maxsize=100_000)
def _analyse(word):
    """(own key, compound key or None, tail key or None) of one word."""
    own = _as_key(_word_key(word))
    parts = _split(fold(word))
    if parts is None:
        return own, None, None
    _head, canonical_head, tail = parts
    tail_key = _word_key(tail)
    return own, _as_key(canonical_head + tail_key), _as_key(tail_key)


@functools.lru_cache(maxsize=100_000)
def keys_of(word):
    """The keys one word is indexed under: its own, and for a compound the compound's and its tail's."""
    return tuple(dict.fromkeys(k for k in _analyse(word) if k))


def query_alternatives(word):
    """The keys one of which a document must hold to match one query word: the word's own key, or
    for a compound the compound key (not the bare tail: "utleiebolig" does not find every "bolig")."""
    own, compound, _tail = _analyse(word)
    return tuple(dict.fromkeys(k for k in (own, compound) if k))


def words(text):
    return WORD.findall(text or "")


def index_text(text):
    """The keys of a text, as both engines index them."""
    return " ".join(k for w in words(text) for k in keys_of(w))


def index_text_and_offsets(text):
    """The keys of a text, and where each key first occurs in it (a character offset): the engine cuts
    the excerpt there, so it never reads a long text through to find the first hit."""
    keys, first = [], {}
    for match in WORD.finditer(text or ""):
        word_keys = keys_of(match[0])
        if not word_keys:
            continue
        keys += word_keys
        # (most words of a long text were seen before: their keys' offsets are kept, checked without a loop)
        if word_keys[0] not in first or (len(word_keys) > 1 and not all(k in first for k in word_keys)):
            start = match.start()
            for k in word_keys:
                first.setdefault(k, start)
    return " ".join(keys), first


def query_words(query):
    """The distinct words of a user's query, in order, at most MAX_QUERY_WORDS."""
    seen = {}
    for word in words(query)[:MAX_QUERY_WORDS]:
        seen.setdefault(query_alternatives(word), word)
    return list(seen.values())


def query_keys(query):
    """[alternative keys per query word]: a document matches when it holds one of each."""
    return [query_alternatives(w) for w in query_words(query)]


def surface_variants(word):
    """The written words that spell one query word in either standard, for highlighting the hit.

    "bolig" → bolig, bustad, husvære; "utleieboliger" → utleieboliger, utleiebolig, utleigebustad, …
    """
    folded = fold(word)
    out = [folded]
    group = _GROUP_OF_KEY.get(_word_key(word))
    if group:
        out += [fold(w) for w in group]
    parts = _split(folded)
    if parts is not None:
        _head, canonical_head, tail = parts
        heads = [fold(w) for w in _HEAD_GROUPS.get(canonical_head, (canonical_head,))]
        tail_group = _GROUP_OF_KEY.get(_word_key(tail))
        tails = [fold(w) for w in tail_group] if tail_group else [tail]
        out += [h + t for h in heads for t in tails]
    return list(dict.fromkeys(out))


def prefix_terms(word):
    """Terms for an engine without a stemmer (SQLite's unicode61): the stem as a prefix where it is
    long enough to say something ("bustad*" finds bustadene), otherwise the written word."""
    out = []
    for variant in surface_variants(word):
        stemmed = _stemmer.stemWord(variant)
        if len(stemmed) >= MIN_PART:
            out.append((stemmed, True))
        elif len(variant) > len(stemmed):
            out.append((variant, True))
        else:
            out.append((variant, False))
    return list(dict.fromkeys(out))


# ---- Readable text -------------------------------------------------------------------------------
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# A text without any of these characters, whose lines neither begin nor end with white space nor begin like a
# list item, heading, quote or rule, is Markdown without markup: its paragraphs' lines are its readable text.
_MARKUP_CHARS = re.compile(r"[*_`~\\\[\]<>&#!|\x00-\x09\x0b-\x1f\x7f]")
_BLOCK_START = re.compile(r"^(?:[-+=]|\d+[.)])", re.MULTILINE)


def _without_markup(text):
    """plain(text) for a text the Markdown renderer would only split into paragraphs, else None: an import of a
    thousand measures has three thousand such texts, and the renderer took most of its indexing time."""
    if _MARKUP_CHARS.search(text) or _BLOCK_START.search(text):
        return None
    lines = text.split("\n")
    if any(line != line.strip() for line in lines):
        return None
    return "\n".join(line for line in lines if line)


def plain(text):
    """Safe text (a Markdown subset) as the reader sees it, without markup: "**viktig**" → "viktig"."""
    if not text:
        return ""
    fast = _without_markup(text)
    return fast if fast is not None else _rendered_plain(text)


def _rendered_plain(text):
    rendered = safetext.render(_CONTROL.sub(" ", text))
    stripped = html.unescape(nh3.clean(rendered, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", stripped).strip()


def marked_excerpt(fragment, *, before=False, after=False):
    """An engine's excerpt (hits between MARK_START and MARK_END) as safe HTML: escaped, hits in <mark>."""
    fragment = fragment or ""
    if fragment.count(MARK_START) > fragment.count(MARK_END):  # cut inside a hit
        fragment += MARK_END
    escaped = html.escape(" ".join(fragment.split()))
    escaped = escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return f"{'… ' if before else ''}{escaped}{' …' if after else ''}"


def unmarked(fragment):
    return (fragment or "").replace(MARK_START, "").replace(MARK_END, "")
