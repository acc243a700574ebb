"""Norwegian-aware text handling shared by indexing and querying.

Words are lower-cased, stemmed with the Snowball Norwegian stemmer and mapped onto one key per
bokmål–nynorsk synonym group, so "boliger", "bolig" and "bustader" meet. Letters are never folded:
æ, ø, å and the Sami letters (á č đ ŋ š ŧ ž) stay what they are.
"""

import functools
import html
import re

import snowballstemmer

WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 12

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

_stemmer = snowballstemmer.stemmer("norwegian")


@functools.lru_cache(maxsize=50_000)
def stem(word):
    return _stemmer.stemWord(word.lower())


def _synonym_map():
    mapping = {}
    for group in SYNONYMS:
        key = stem(group[0])
        for word in group:
            mapping[stem(word)] = key
    return mapping


SYNONYM_KEYS = _synonym_map()


def key(word):
    """The index key of one word: its stem, or its synonym group's key."""
    stemmed = stem(word)
    return SYNONYM_KEYS.get(stemmed, stemmed)


def words(text):
    return WORD.findall(text or "")


def index_text(text):
    """The text as it goes into the SQLite FTS5 table: one key per word."""
    return " ".join(key(w) for w in words(text))


def query_keys(query):
    """The distinct keys of a user's query, in order, at most MAX_QUERY_WORDS."""
    seen = []
    for word in words(query)[:MAX_QUERY_WORDS]:
        k = key(word)
        if k not in seen:
            seen.append(k)
    return seen


def synonyms_of(word):
    """Every word of the synonym group a word belongs to (itself included), for PostgreSQL."""
    k = key(word)
    for group in SYNONYMS:
        if stem(group[0]) == k:
            return list(dict.fromkeys([word.lower(), *group]))
    return [word.lower()]


def highlight(text, keys, context_words=18, max_words=60):
    """An HTML-escaped excerpt around the first hit, every hit wrapped in <mark>.

    Works on the original text, so the reader sees the words as written (æøå and Sami letters intact).
    """
    tokens = re.split(r"(\w+)", text or "", flags=re.UNICODE)
    keys = set(keys)
    hits = [i for i in range(1, len(tokens), 2) if key(tokens[i]) in keys]
    if not tokens:
        return ""
    first = hits[0] if hits else 1
    start = max(0, first - 2 * context_words)
    end = min(len(tokens), start + 2 * max_words)
    out = []
    if start > 0:
        out.append("… ")
    for i in range(start, end):
        piece = html.escape(tokens[i])
        if i % 2 == 1 and i in hits:
            piece = f"<mark>{piece}</mark>"
        out.append(piece)
    if end < len(tokens):
        out.append(" …")
    return "".join(out).strip()


def has_hit(text, keys):
    keys = set(keys)
    return any(key(w) in keys for w in words(text))
