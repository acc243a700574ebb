"""Searching the index, always through the visibility rules, in the database.

Both engines match the query's keys (text.query_keys: each query word one of its alternative keys)
against the stored index, rank, apply visibility and filters in the same query and fetch only the
page of hits; then cut the excerpt around the first hit for just that page, hits marked by the engine.
PostgreSQL: `search_vector @@ tsquery` on the GIN index, `ts_rank`, `ts_headline` ('search_norwegian').
SQLite: FTS5 `search_fts` MATCH, `bm25()`, `snippet()` over the readable text.
"""

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


def search(user, q, *, round=None, pilot=None, kind=None):
    """The hits for the query among the documents the user may see, best first: a lazy sequence
    (len() counts in the database, a slice fetches one page). Empty for a query without words."""
    docs = visible_documents(user)
    if round is not None:
        docs = docs.filter(round__number=round)
    if pilot is not None:
        docs = docs.filter(pilot_id=pilot)
    if kind:
        docs = docs.filter(kind=kind)
    engine = _Postgres if connection.vendor == "postgresql" else _SQLite
    return Results(engine(docs, text.query_words(q)))


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
            self._count = self._engine.count() if self._engine.words else 0
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
    def __init__(self, docs, words):
        self.docs, self.words = docs, words
        self.keys = [text.query_alternatives(w) for w in words]

    def page(self, offset, limit):
        ranked = self.ranked_ids(offset, limit)
        if not ranked:
            return []
        excerpts = self.excerpts([pk for pk, _rank in ranked])
        rows = SearchDocument.objects.select_related("pilot", "round", "agreement").defer(
            "index_title", "index_text"
        ).in_bulk([pk for pk, _rank in ranked])
        return [_hit(rows[pk], rank, excerpts.get(pk)) for pk, rank in ranked if pk in rows]


class _Postgres(_Engine):
    """The generated column `search_vector` (keys, title A, text B) behind a GIN index."""

    def _tsquery(self):
        return " & ".join("(" + " | ".join(f"'{k}'" for k in alternatives) + ")" for alternatives in self.keys)

    def _matching(self):
        match = RawSQL(
            "search_searchdocument.search_vector @@ to_tsquery('simple'::regconfig, %s)",
            [self._tsquery()], output_field=BooleanField(),
        )
        return self.docs.filter(match)

    def count(self):
        return self._matching().count()

    def ranked_ids(self, offset, limit):
        rank = RawSQL(
            "ts_rank(search_searchdocument.search_vector, to_tsquery('simple'::regconfig, %s))",
            [self._tsquery()], output_field=FloatField(),
        )
        rows = self._matching().annotate(rank=rank).order_by("-rank", "pk").values_list("pk", "rank")
        return list(rows[offset : offset + limit])

    def excerpts(self, ids):
        # The written words of every query word (both standards, compounds), normalised by the same
        # configuration as the text: ts_headline marks exactly the hits.
        variants = {v for w in self.words for v in text.surface_variants(w)}
        query = " | ".join(f"'{v}'" for v in sorted(variants))
        options = (
            f'StartSel="{text.MARK_START}", StopSel="{text.MARK_END}", MaxFragments=1, '
            f"MaxWords={EXCERPT_WORDS}, MinWords={EXCERPT_WORDS // 2}, ShortWord=2"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, ts_headline('search_norwegian', body, to_tsquery('search_norwegian', %s), %s) "
                "FROM search_searchdocument WHERE id = ANY(%s)",
                [query, options, list(ids)],
            )
            return dict(cursor.fetchall())


class _SQLite(_Engine):
    """The FTS5 table `search_fts` (keys of title and text, and the readable text for snippets).

    The SQL strings are put together from constants and the ORM's own SQL for visibility; every value
    (the MATCH expression, the visibility query's parameters, ids) travels as a parameter."""

    def _match(self):
        # Keys are runs of letters and digits, so quoting them is enough for FTS5.
        return " AND ".join(
            "{index_title index_text} : (" + " OR ".join(f'"{k}"' for k in alternatives) + ")"
            for alternatives in self.keys
        )

    def _visible(self):
        if not self.docs.query.where:
            return "", []
        sql, params = self.docs.values("pk").query.sql_with_params()
        return f" AND search_fts.rowid IN ({sql})", list(params)

    def count(self):
        where, params = self._visible()
        with connection.cursor() as cursor:
            sql = f"SELECT count(*) FROM search_fts WHERE search_fts MATCH %s{where}"  # noqa: S608 # nosec B608
            cursor.execute(sql, [self._match(), *params])
            return cursor.fetchone()[0]

    def ranked_ids(self, offset, limit):
        where, params = self._visible()
        with connection.cursor() as cursor:
            sql = (
                f"SELECT rowid, bm25(search_fts, {TITLE_WEIGHT}, 1.0, 0.0) AS score FROM search_fts "  # noqa: S608 # nosec B608
                f"WHERE search_fts MATCH %s{where} ORDER BY score, rowid LIMIT %s OFFSET %s"
            )
            cursor.execute(sql, [self._match(), *params, limit, offset])
            # bm25: lower is better; turn it into "higher is better" like ts_rank.
            return [(pk, -score) for pk, score in cursor.fetchall()]

    def excerpts(self, ids):
        terms = {t for w in self.words for t in text.prefix_terms(w)}
        match = "body : (" + " OR ".join(f'"{t}"' + ("*" if prefix else "") for t, prefix in sorted(terms)) + ")"
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            sql = (
                f"SELECT rowid, snippet(search_fts, 2, %s, %s, '', {EXCERPT_WORDS}) FROM search_fts "  # noqa: S608 # nosec B608
                f"WHERE search_fts MATCH %s AND rowid IN ({marks})"
            )
            cursor.execute(sql, [text.MARK_START, text.MARK_END, match, *ids])
            return dict(cursor.fetchall())


def _hit(doc, rank, fragment):
    """The excerpt the engine cut (or the text's beginning), and a link to the part where the hit is."""
    body = doc.body or doc.title
    if not fragment or text.MARK_START not in fragment:
        fragment = " ".join(body.split(None, EXCERPT_WORDS)[:EXCERPT_WORDS])
    readable = text.unmarked(fragment)
    start = body.find(readable.strip()[:80])
    lead = len(text.unmarked(fragment.split(text.MARK_START, 1)[0])) - (len(readable) - len(readable.lstrip()))
    anchor = ""
    if start >= 0 and doc.anchors:
        offsets = [offset for offset, _anchor in doc.anchors]
        i = bisect_right(offsets, start + max(lead, 0)) - 1
        anchor = doc.anchors[i][1] if i >= 0 else ""
    end = start + len(readable.strip())
    excerpt = text.marked_excerpt(fragment, before=start > 0, after=start < 0 or end < len(body))
    url = doc.url
    if anchor and "#" not in url:
        url = f"{url}#{anchor}"
    return Hit(document=doc, excerpt=excerpt, url=url, rank=float(rank or 0))
