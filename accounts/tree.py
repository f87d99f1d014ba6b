"""Pure functions over the unit tree: flat rows in, plain values out. No Django.

Rows are (key, parent_key) pairs plus whatever the function needs. Every walk is
iterative (a roster may be deep) and tolerates a cycle that slipped into the data:
nodes on a cycle are never reached from a root and keep their own values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def _children(parents: Mapping[K, K | None]) -> dict[K, list[K]]:
    children: dict[K, list[K]] = defaultdict(list)
    for key, parent in parents.items():
        if parent is not None and parent in parents:
            children[parent].append(key)
    return children


def _roots(parents: Mapping[K, K | None]) -> list[K]:
    return [k for k, p in parents.items() if p is None or p not in parents]


def effective_staff_counts(
    rows: Iterable[tuple[K, K | None, int | None]],
) -> dict[K, int | None]:
    """Staff count of every unit: its own when given, else the sum over its children.

    A unit without its own count and without any counted descendant is None
    (unknown), never 0: a participation rate over an unknown denominator is
    undefined, not infinite."""
    parents: dict[K, K | None] = {}
    own: dict[K, int | None] = {}
    for key, parent, count in rows:
        parents[key] = parent
        own[key] = count
    children = _children(parents)
    result: dict[K, int | None] = {}
    for root in _roots(parents):
        stack: list[tuple[K, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if not expanded:
                stack.append((node, True))
                stack.extend((child, False) for child in children.get(node, ()))
                continue
            if own[node] is not None:
                result[node] = own[node]
                continue
            known = [result[c] for c in children.get(node, ()) if result[c] is not None]
            result[node] = sum(known) if known else None
    for key, count in own.items():
        result.setdefault(key, count)
    return result


def descendants(parents: Mapping[K, K | None], roots: Iterable[K]) -> set[K]:
    """The given units and everything below them."""
    children = _children(parents)
    seen: set[K] = set()
    stack = [r for r in roots if r in parents]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(children.get(node, ()))
    return seen


def find_cycles(parents: Mapping[K, K | None]) -> list[list[K]]:
    """Every cycle of the parent relation, each as the list of its members in
    parent order, starting from the first member met in `parents` order."""
    state: dict[K, int] = {}  # 1: on the current path, 2: finished
    cycles: list[list[K]] = []
    for start in parents:
        if state.get(start):
            continue
        path: list[K] = []
        node: K | None = start
        while node is not None and node in parents and not state.get(node):
            state[node] = 1
            path.append(node)
            node = parents[node]
        if node is not None and state.get(node) == 1:
            cycles.append(path[path.index(node) :])
        for member in path:
            state[member] = 2
    return cycles


def tree_order(
    rows: Iterable[tuple[K, K | None, str]],
) -> list[tuple[K, int]]:
    """(key, depth) in depth-first order, siblings sorted by label: for an indented
    list of every unit (the no-JavaScript unit picker)."""
    parents: dict[K, K | None] = {}
    labels: dict[K, str] = {}
    for key, parent, label in rows:
        parents[key] = parent
        labels[key] = label
    children = _children(parents)
    ordered: list[tuple[K, int]] = []
    stack = [(r, 0) for r in sorted(_roots(parents), key=labels.get, reverse=True)]
    while stack:
        node, depth = stack.pop()
        ordered.append((node, depth))
        kids = sorted(children.get(node, ()), key=labels.get, reverse=True)
        stack.extend((child, depth + 1) for child in kids)
    return ordered
