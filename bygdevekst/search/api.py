from ninja import Field, Query, Router, Schema

from bygdevekst.apierrors import PROBLEM_RESPONSES

from .enums import DocumentKind
from .query import search

router = Router(tags=["search"])


class SearchFilters(Schema):
    q: str = Field(..., min_length=1, max_length=200, description="Words to find (Norwegian-aware, bokmål and nynorsk)")
    round: int | None = Field(None, ge=1, le=1000, description="Round number")
    pilot: int | None = Field(None, ge=1, le=2**62, description="Pilot id")
    kind: DocumentKind | None = None
    limit: int = Field(20, ge=1, le=500)
    offset: int = Field(0, ge=0, le=100_000)


class HitOut(Schema):
    kind: str
    title: str
    excerpt: str = Field(description="HTML: the text around the first hit, escaped, hits in <mark>")
    url: str
    agreement: int | None
    pilot: int | None
    round: int | None
    version: int | None
    language: str
    rank: float


class SearchOut(Schema):
    items: list[HitOut]
    count: int


@router.get("", response={200: SearchOut, **PROBLEM_RESPONSES}, summary="Full-text search")
def search_api(request, filters: Query[SearchFilters]):
    """Search agreements (every version you may see, and the working draft if you take part),
    comments, action-plan measures and registry entries. Results are what the caller may see."""
    hits = search(request.auth, filters.q, round=filters.round, pilot=filters.pilot, kind=filters.kind)
    page = hits[filters.offset : filters.offset + filters.limit]  # only this page is fetched
    return {
        "count": hits.count(),
        "items": [
            {
                "kind": h.document.kind,
                "title": h.document.title,
                "excerpt": h.excerpt,
                "url": request.build_absolute_uri(h.url),
                "agreement": h.document.agreement_id,
                "pilot": h.document.pilot_id,
                "round": h.document.round.number if h.document.round_id else None,
                "version": h.document.version_number,
                "language": h.document.language,
                "rank": h.rank,
            }
            for h in page
        ],
    }
