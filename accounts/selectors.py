"""Reads about people and units. The tree is loaded flat in one query and walked in
Python (accounts.tree): a roster of a few thousand units is a few hundred KB."""

from __future__ import annotations

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Length

from core.formatting import folded_words

from . import tree
from .models import Unit

SEARCH_MIN_LENGTH = 2
SEARCH_LIMIT = 10
# Above this many units the no-JavaScript select would be too heavy for a phone:
# it then lists only the chosen unit and the search box does the rest.
UNIT_SELECT_LIMIT = 3000


def normalize_search(text: str) -> str:
    """'Bến Tre' / 'BEN  TRE' / 'ben tre' → 'ben tre' (Unidecode also maps đ → d)."""
    return folded_words(text)


def search_units(query: str, limit: int = SEARCH_LIMIT) -> list[Unit]:
    """Units whose name contains every word of `query`, accents optional, or whose
    code starts with it. Names starting with the first word come first."""
    needle = normalize_search(query)
    if len(needle) < SEARCH_MIN_LENGTH:
        return []
    words = needle.split()
    by_name = Q()
    for word in words:
        by_name &= Q(name_ascii__contains=word)
    qs = (
        Unit.objects.filter(by_name | Q(code__istartswith=query.strip()))
        .select_related("parent")
        .annotate(
            rank=Case(
                When(name_ascii__startswith=words[0], then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            name_length=Length("name"),
        )
        .order_by("rank", "name_length", "name", "pk")
    )
    return list(qs[:limit])


def _tree_rows() -> list[tuple[int, int | None, int | None, str]]:
    return list(Unit.objects.values_list("pk", "parent_id", "staff_count", "name"))


def effective_staff_counts() -> dict[int, int | None]:
    """Every unit's staff count (own, or the sum of its subtree), in one query."""
    return tree.effective_staff_counts((pk, p, n) for pk, p, n, _ in _tree_rows())


def unit_subtree_ids(*units: Unit | int) -> set[int]:
    """The ids of the given units and of everything below them (one query)."""
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    roots = [u if isinstance(u, int) else u.pk for u in units]
    return tree.descendants(parents, roots)


def unit_select_choices(selected_pk: int | None = None) -> list[tuple[int, str]]:
    """(pk, indented name) for every unit in tree order, for a plain <select>."""
    if Unit.objects.count() > UNIT_SELECT_LIMIT:
        chosen = Unit.objects.filter(pk=selected_pk).values_list("pk", "name")
        return list(chosen)
    rows = _tree_rows()
    names = {pk: name for pk, _, _, name in rows}
    order = tree.tree_order((pk, parent, name) for pk, parent, _, name in rows)
    return [(pk, "\u2003" * depth + names[pk]) for pk, depth in order]


def units_and_ancestors(unit_ids: set[int]) -> set[int]:
    """The given units and every unit above them, in one query (a recursive CTE
    that the embedded SQLite run understands as well)."""
    ids = sorted({u for u in unit_ids if u is not None})
    if not ids:
        return set()
    table = connection.ops.quote_name(Unit._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    sql = f"""
        WITH RECURSIVE up(id, parent_id, depth) AS (
            SELECT id, parent_id, 0 FROM {table} WHERE id IN ({marks})
            UNION ALL
            SELECT u.id, u.parent_id, up.depth + 1
            FROM {table} u JOIN up ON u.id = up.parent_id
            WHERE up.depth < 50
        )
        SELECT DISTINCT id FROM up
    """  # noqa: S608 - the table name comes from the model, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return {row[0] for row in cursor.fetchall()}
