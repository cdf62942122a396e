"""Words typed in a search box, matched against a few text fields of a queryset.

On PostgreSQL: full-text search (the `simple` configuration: names and codes are not English prose, and
"trai" must find "Training" while it is being typed, so every word is a prefix), ranked. Elsewhere (the
SQLite of a first `make run`): every word must appear in one of the fields, unranked.
"""

import re

from django.db import connection
from django.db.models import FloatField, Q, QuerySet, Value

MAX_TERMS = 8
NOT_IN_A_WORD = re.compile(r"[^\w\-./@]+")  # what may join a word's parts (SI-12, A/R, v1.2, a@b.com)


def terms(query: str) -> list[str]:
    """The words of a query, lowercased. Only letters, digits and the joiners above are kept: nothing typed
    reaches the database's query syntax (& | ! ( ) : * ' are dropped), and a code like SI-12 is parsed by
    PostgreSQL into the same parts in the query as in the documents."""
    words = (NOT_IN_A_WORD.sub("", word).lower() for word in query.split())
    return [w for w in words if re.search(r"\w", w)][:MAX_TERMS]


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
