"""The demo's search index: rebuilt after the other apps have loaded their demo data (idempotent)."""

from .indexers import reindex_all


def load(ctx):
    ctx["search_index"] = reindex_all()
