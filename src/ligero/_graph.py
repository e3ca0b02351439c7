"""Depth-first topological order of a DAG, shared by the functional models and the graph figures."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

Node = TypeVar("Node")


def topological_order(roots: Iterable[Node], parents: Callable[[Node], Sequence[Node]]) -> list[Node]:
    """Every node reachable from ``roots`` through ``parents``, each after all of its parents.

    Iterative (no recursion limit); parents are visited first-to-last, so the
    order follows the order in which inputs were given.
    """
    order: list[Node] = []
    seen: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False) for root in reversed(list(roots))]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((p, False) for p in reversed(parents(node)) if id(p) not in seen)
    return order
