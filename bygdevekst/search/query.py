"""Searching the index, always through the visibility rules, in the database.

Both engines match the query's keys (text.query_keys: each query word one of its alternative keys)
against the stored index, rank, apply visibility and filters in the same query and fetch only the
page of hits; then cut the excerpt around the first hit for just that page, hits marked by the engine.
PostgreSQL: `search_vector @@ tsquery` on the GIN index, `ts_rank`, `ts_headline` ('search_norwegian').
SQLite: FTS5 `search_fts` MATCH, `bm25()`, and `snippet()` over the page's readable text.
"""

import hashlib
from bisect import bisect_right
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL

from bygdevekst.access.roles import roles_of
from bygdevekst.access.visibility import participating_pilots, visible_agreements

from . import external, indexers, text
from .enums import Audience
from .models import SearchDocument

EXCERPT_WORDS = 30
LEAD, WINDOW = 200, 1200  # the excerpt is cut from WINDOW characters starting LEAD before the first hit
TITLE_WEIGHT = 4.0  # a hit in the title counts this many times one in the text


def visible_documents(user, queryset=None):
    """The documents a user may find: the final text of agreements they may see, and the
    pilot's internal work (drafts, earlier versions, comments, measures …) for its participants."""
    qs = queryset if queryset is not None else SearchDocument.objects.all()
    if roles_of(user).sees_everything:
        return qs
    public = Q(audience=Audience.AGREEMENT, agreement__in=visible_agreements(user).values("pk"))
    internal = Q(audience=Audience.PARTICIPANTS, pilot__in=participating_pilots(user).values("pk"))
    allowed = public | internal
    for kind, refs in external.visible_refs(user).items():
        allowed |= Q(audience=Audience.OWN_RULES, kind=kind, object_ref__in=refs)
    return qs.filter(allowed)


@dataclass
class Hit:
    document: SearchDocument
    excerpt: str  # safe HTML: escaped text with <mark> around the hits
    url: str
    rank: float


def search(user, q, *, round=None, pilot=None, kind=None, state=None):
    """The hits for the query among the documents the user may see, best first: a lazy sequence
    (len() counts in the database, a slice fetches one page). Empty for a query without words. `state`: the
    page's audit.fragments.current_state(), if it has worked it out already."""
    docs = visible_documents(user)
    if round is not None:
        docs = docs.filter(round__number=round)
    if pilot is not None:
        docs = docs.filter(pilot_id=pilot)
    if kind:
        docs = docs.filter(kind=kind)
    engine = _Postgres if connection.vendor == "postgresql" else _SQLite
    return Results(engine(docs, text.query_words(q), state))


class Results:
    """A sequence for Django's Paginator and the API: count() and slices run in the database."""

    PAGE = 100

    def __init__(self, engine):
        self._engine = engine
        self._count = None
        if engine.words:
            indexers.flush_pending()

    def count(self):
        if self._count is None:
            self._count = self._engine.kept("count", self._engine.count) if self._engine.words else 0
        return self._count

    __len__ = count

    def __bool__(self):
        return self.count() > 0

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self.count())
            if step != 1:
                raise ValueError("no step in a slice of search results")
            return self._engine.page(start, stop - start) if stop > start else []
        hits = self[index : index + 1]
        if not hits:
            raise IndexError(index)
        return hits[0]

    def __iter__(self):
        for start in range(0, self.count(), self.PAGE):
            yield from self[start : start + self.PAGE]


class _Engine:
    def __init__(self, docs, words, state=None):
        self.docs, self.words, self.state = docs, words, state
        self.keys = [text.query_alternatives(w) for w in words]
        self._asked = None  # what kept() keys the cache by, worked out once per search

    def all_keys(self):
        return sorted({k for alternatives in self.keys for k in alternatives})

    def kept(self, what, compute):
        """The count or a page's ranked ids, computed once for the same query, filters and visibility (the
        documents' SQL, which holds them) until the next logged action or save (audit/fragments.py): a frequent
        word matches most documents, and ranking them all is most of a search's time. The excerpts and rows
        are always read afresh (and a page whose documents are gone, say after `manage.py reindex` in another
        process, is ranked afresh)."""
        from bygdevekst.audit import fragments

        if self._asked is None:
            sql, params = self.docs.values("pk").query.sql_with_params()
            self._asked = repr((type(self).__name__, self.keys, sql, params))
            self.state = self.state or fragments.current_state()
        digest = hashlib.sha256(f"{self._asked}:{what}".encode()).hexdigest()
        return fragments.remembered(f"search:{digest}", compute, self.state)

    def page(self, offset, limit):
        ranked = self.kept(f"ranked:{offset}:{limit}", lambda: self.ranked_ids(offset, limit))
        if not ranked:
            return []
        rows = self._rows(ranked)
        if len(rows) < len(ranked):
            ranked = self.ranked_ids(offset, limit)
            rows = self._rows(ranked)
        excerpts = self.excerpts([pk for pk, _rank in ranked])
        return [_hit(rows[pk], rank, excerpts.get(pk)) for pk, rank in ranked if pk in rows]

    def _rows(self, ranked):
        return SearchDocument.objects.select_related("pilot", "round", "agreement").defer(
            "body", "first_offsets", "index_title", "index_text"
        ).in_bulk([pk for pk, _rank in ranked])


class _Postgres(_Engine):
    """The generated column `search_vector` (keys, title A, text B) behind a GIN index, read through
    the function `search_matches`; ranked by the
    small `rank_vector` (the title and the text's opening), which a row holds without TOAST."""

    def _tsquery(self):
        return " & ".join("(" + " | ".join(f"'{k}'" for k in alternatives) + ")" for alternatives in self.keys)

    def _matching(self):
        match = RawSQL(
            # search_matches (migration 0003): the GIN index, however common the word
            "search_searchdocument.id IN (SELECT search_matches(to_tsquery('simple'::regconfig, %s)))",
            [self._tsquery()], output_field=BooleanField(),
        )
        return self.docs.filter(match)

    def count(self):
        return self._matching().count()

    def ranked_ids(self, offset, limit):
        rank = RawSQL(
            "ts_rank(search_searchdocument.rank_vector, to_tsquery('simple'::regconfig, %s))",
            [self._tsquery()], output_field=FloatField(),
        )
        rows = self._matching().annotate(rank=rank).order_by("-rank", "pk").values_list("pk", "rank")
        return list(rows[offset : offset + limit])

    def excerpts(self, ids):
        # The written words of every query word (both standards, compounds), normalised by the same
        # configuration as the text: ts_headline marks exactly the hits, in a window at the first one.
        variants = {v for w in self.words for v in text.surface_variants(w)}
        query = " | ".join(f"'{v}'" for v in sorted(variants))
        keys = self.all_keys()
        first = "LEAST(" + ", ".join(["(first_offsets ->> %s)::int"] * len(keys)) + ")"
        options = f'StartSel="{text.MARK_START}", StopSel="{text.MARK_END}", HighlightAll=true'
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, start, ts_headline('search_norwegian', substr(body, start + 1, %s), "  # noqa: S608 # nosec B608
                "to_tsquery('search_norwegian', %s), %s) FROM (SELECT id, body, "
                f"GREATEST(COALESCE({first}, 0) - %s, 0) AS start "
                "FROM search_searchdocument WHERE id = ANY(%s)) AS d",
                [WINDOW, query, options, *keys, LEAD, list(ids)],
            )
            return {pk: (start, window) for pk, start, window in cursor.fetchall()}


class _SQLite(_Engine):
    """The FTS5 table `search_fts` over the keys of title and text; bm25 over the small `search_rank`.

    The SQL strings are put together from constants and the ORM's own SQL for visibility; every value
    (the MATCH expression, the visibility query's parameters, ids) travels as a parameter."""

    def _match(self):
        # Keys are runs of letters and digits, so quoting them is enough for FTS5.
        return " AND ".join("(" + " OR ".join(f'"{k}"' for k in alternatives) + ")" for alternatives in self.keys)

    def _any_key(self):
        return " OR ".join(f'"{k}"' for k in self.all_keys())

    def _hits(self, ranked):
        """The matching ids (with their bm25 score from `search_rank`, if ranked), visibility applied to
        those only: FTS5 would otherwise run the MATCH once per visible document."""
        hits = "WITH hits AS MATERIALIZED (SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s)"
        params = [self._match()]
        if ranked:
            hits += (
                f", scored AS MATERIALIZED (SELECT rowid AS id, bm25(search_rank, {TITLE_WEIGHT}, 1.0) AS score "  # noqa: S608 # nosec B608
                "FROM search_rank WHERE search_rank MATCH %s) "
                "SELECT hits.id AS id, coalesce(scored.score, 0.0) AS score FROM hits LEFT JOIN scored USING (id)"
            )
            params.append(self._any_key())
        else:
            hits += " SELECT id FROM hits"
        if self.docs.query.where:
            sql, visible_params = self.docs.values("pk").query.sql_with_params()
            hits += f" WHERE hits.id IN ({sql})"
            params += visible_params
        return hits, params

    def count(self):
        hits, params = self._hits(ranked=False)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({hits})", params)  # noqa: S608 # nosec B608
            return cursor.fetchone()[0]

    def ranked_ids(self, offset, limit):
        hits, params = self._hits(ranked=True)
        with connection.cursor() as cursor:
            cursor.execute(f"{hits} ORDER BY score, id LIMIT %s OFFSET %s", [*params, limit, offset])
            # bm25: lower is better; turn it into "higher is better" like ts_rank.
            return [(pk, -score) for pk, score in cursor.fetchall()]

    def excerpts(self, ids):
        """highlight() in a throwaway FTS5 table of this page's windows at the first hit: the words as
        written, accents folded (unicode61), each query word's stems as prefixes."""
        terms = {t for w in self.words for t in text.prefix_terms(w)}
        match = " OR ".join(f'"{t}"' + ("*" if prefix else "") for t, prefix in sorted(terms))
        keys = self.all_keys()
        placeholders = ", ".join(["%s"] * len(keys))
        first = f"(SELECT min(value) FROM json_each(first_offsets) WHERE key IN ({placeholders}))"  # noqa: S608 # nosec B608
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_excerpt "
                "USING fts5(body, start UNINDEXED, tokenize='unicode61 remove_diacritics 2')"
            )
            cursor.execute("DELETE FROM temp.search_excerpt")
            cursor.execute(
                "INSERT INTO temp.search_excerpt(rowid, body, start) "  # noqa: S608 # nosec B608
                "SELECT id, substr(body, start + 1, %s), start FROM "
                f"(SELECT id, body, max(coalesce({first}, 0) - %s, 0) AS start "
                f"FROM search_searchdocument WHERE id IN ({marks}))",
                [WINDOW, *keys, LEAD, *ids],
            )
            cursor.execute(
                "SELECT e.rowid, e.start, coalesce(m.marked, e.body) FROM temp.search_excerpt AS e "
                "LEFT JOIN (SELECT rowid, highlight(search_excerpt, 0, %s, %s) AS marked "
                "FROM temp.search_excerpt WHERE search_excerpt MATCH %s) AS m ON m.rowid = e.rowid",
                [text.MARK_START, text.MARK_END, match],
            )
            found = {pk: (start, window) for pk, start, window in cursor.fetchall()}
            cursor.execute("DELETE FROM temp.search_excerpt")
            return found


def _around_first_hit(window, cut_start):
    """(about EXCERPT_WORDS words of a window whose hits are marked, from a few words before the first
    hit; where they start in the window). A window cut mid-text starts at its first whole word."""
    first = window.find(text.MARK_START)
    lowest = window.find(" ") + 1 if cut_start else 0
    start = max(first, lowest) if first >= 0 else lowest
    for _ in range(EXCERPT_WORDS // 4 if first >= 0 else 0):
        space = window.rfind(" ", lowest, max(start - 1, lowest))
        start = space + 1 if space >= 0 else lowest
        if space < 0:
            break
    end = start
    for _ in range(EXCERPT_WORDS):
        end = window.find(" ", end + 1)
        if end < 0:
            end = len(window)
            break
    return window[start:end], start


def _hit(doc, rank, excerpt):
    """The excerpt the engine marked (or the text's beginning), and a link to the part where the hit is."""
    window_start, window = excerpt or (0, "")
    window = window or ""
    fragment, at = _around_first_hit(window, cut_start=window_start > 0)
    if not fragment.strip():
        fragment, at = doc.title, 0
    start = window_start + len(text.unmarked(window[:at]))
    first_mark = window.find(text.MARK_START)
    hit_at = window_start + len(text.unmarked(window[:first_mark])) if first_mark >= 0 else start
    anchor = ""
    if doc.anchors:
        i = bisect_right([offset for offset, _anchor in doc.anchors], hit_at) - 1
        anchor = doc.anchors[i][1] if i >= 0 else ""
    more = at + len(fragment) < len(window.rstrip()) or len(text.unmarked(window)) >= WINDOW
    excerpt_html = text.marked_excerpt(fragment, before=start > 0, after=more)
    url = doc.url
    if anchor and "#" not in url:
        url = f"{url}#{anchor}"
    return Hit(document=doc, excerpt=excerpt_html, url=url, rank=float(rank or 0))
