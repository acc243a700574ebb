"""Searching the index, always through the visibility rules.

PostgreSQL: full-text search with the `norwegian` configuration, each query word OR-ed with its
bokmål/nynorsk synonyms. SQLite: the FTS5 table `search_fts` over keys made by `text.index_text`
(Snowball Norwegian stem + synonym group), the query made the same way.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from bygdevekst.access.roles import roles_of
from bygdevekst.access.visibility import participating_pilots, visible_agreements

from . import external, indexers, text
from .enums import Audience
from .models import SearchDocument

MAX_CANDIDATES = 2000


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


def _fts_match(keys):
    # Keys are \w+ runs (letters, digits, underscore), so quoting them is enough for FTS5.
    return " AND ".join(f'"{k}"' for k in keys)


def _sqlite_ranked_ids(keys):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, bm25(search_fts) FROM search_fts WHERE search_fts MATCH %s "
            "ORDER BY bm25(search_fts) LIMIT %s",
            [_fts_match(keys), MAX_CANDIDATES],
        )
        # bm25: lower is better; turn it into "higher is better" like ts_rank.
        return {row[0]: -row[1] for row in cursor.fetchall()}


def _postgres_query(words):
    from django.contrib.postgres.search import SearchQuery

    combined = None
    for word in words:
        alternatives = None
        for synonym in text.synonyms_of(word):
            q = SearchQuery(synonym, config="norwegian", search_type="plain")
            alternatives = q if alternatives is None else alternatives | q
        combined = alternatives if combined is None else combined & alternatives
    return combined


def search(user, q, *, round=None, pilot=None, kind=None):
    """Ranked hits for the query among the documents the user may see; [] for an empty query."""
    keys = text.query_keys(q)
    if not keys:
        return []
    indexers.flush_pending()
    docs = visible_documents(user).select_related("pilot", "round", "agreement")
    if round is not None:
        docs = docs.filter(round__number=round)
    if pilot is not None:
        docs = docs.filter(pilot_id=pilot)
    if kind:
        docs = docs.filter(kind=kind)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchRank, SearchVector

        vector = SearchVector("title", weight="A", config="norwegian") + SearchVector(
            "body", weight="B", config="norwegian"
        )
        query = _postgres_query(text.words(q)[: text.MAX_QUERY_WORDS])
        rows = (
            docs.annotate(found=vector, rank=SearchRank(vector, query))
            .filter(found=query)
            .order_by("-rank", "pk")[:MAX_CANDIDATES]
        )
        ranked = [(doc, doc.rank) for doc in rows]
    else:
        ranks = _sqlite_ranked_ids(keys)
        rows = docs.filter(pk__in=list(ranks)) if ranks else docs.none()
        ranked = sorted(((doc, ranks[doc.pk]) for doc in rows), key=lambda pair: (-pair[1], pair[0].pk))
    return [_hit(doc, rank, keys) for doc, rank in ranked]


def _hit(doc, rank, keys):
    """The excerpt around the first hit and a link to the part of the page where it is."""
    anchor, found_in = "", doc.body or doc.title
    for part_anchor, part_text in doc.parts or []:
        if text.has_hit(part_text, keys):
            anchor, found_in = part_anchor, part_text
            break
    url = doc.url
    if anchor and "#" not in url:
        url = f"{url}#{anchor}"
    return Hit(document=doc, excerpt=text.highlight(found_in, keys), url=url, rank=float(rank or 0))
