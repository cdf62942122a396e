"""Words typed in a search box, matched against a few text fields of a queryset.

On PostgreSQL: full-text search (the `simple` configuration: names and codes are not English prose, and
"trai" must find "Training" while it is being typed, so every word is a prefix), ranked. Elsewhere (the
SQLite of a first `make run`): every word must appear in one of the fields, unranked.
"""

import re

from django.db import connection
from django.db.models import FloatField, Q, QuerySet, Value

MAX_TERMS = 8
TERM = re.compile(r"\w+", re.UNICODE)


def terms(query: str) -> list[str]:
    """The words of a query, lowercased (punctuation is never passed to the database's query parser)."""
    return [t.lower() for t in TERM.findall(query)][:MAX_TERMS]


def text_match(queryset: QuerySet, fields: list[str], query: str) -> QuerySet:
    """The rows matching every word of `query` in `fields`, annotated with `rank` (higher is better)."""
    words = terms(query)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*fields, config="simple")
        tsquery = SearchQuery(" & ".join(f"{w}:*" for w in words), search_type="raw", config="simple")
        return queryset.annotate(_search=vector).filter(_search=tsquery).annotate(rank=SearchRank(vector, tsquery))
    condition = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return queryset.filter(condition).annotate(rank=Value(0.0, output_field=FloatField()))
