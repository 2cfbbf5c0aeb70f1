"""Conditions in plain words: how the trace, the rules table and the reports describe a rule's `when`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from guide.decision.operators import OPERATORS

T = TypeVar("T")


def fold(cond, *, leaf: Callable[[object], T], all_: Callable[[list[T]], T], any_: Callable[[list[T]], T],
         not_: Callable[[T], T], always: Callable[[], T]) -> T:
    """The one walk over a condition tree (all / any / not over leaves): the rule checks, the engine's compiled
    predicates, the sweep's arrays and the plain-words text are each a fold with their own five functions."""
    def walk(node) -> T:
        if node is None:
            return always()
        if node.kind == "leaf":
            return leaf(node)
        if node.kind == "all":
            return all_([walk(c) for c in node.all])
        if node.kind == "any":
            return any_([walk(c) for c in node.any])
        return not_(walk(node.not_))

    return walk(cond)


def iter_leaves(cond) -> Iterator:
    """Every leaf of a condition, in order."""
    flat = lambda parts: [x for part in parts for x in part]  # noqa: E731
    yield from fold(cond, leaf=lambda node: [node], all_=flat, any_=flat, not_=lambda inner: inner,
                    always=lambda: [])


def describe_leaf(leaf) -> str:
    value = ", ".join(map(str, leaf.value)) if isinstance(leaf.value, list) else leaf.value
    text = OPERATORS[leaf.operator].describe.format(question=leaf.key, value=value)
    return text if leaf.operator != "answered" or leaf.value else f"{leaf.key} is not answered"


def condition_text(cond) -> str:
    """The whole condition, with its and / or / not structure kept (never a flat list of leaves)."""
    # Each fold step returns (text, atomic): a compound part is bracketed when it sits inside another.
    def group(part: tuple[str, bool]) -> str:
        text, atomic = part
        return text if atomic or " " not in text or text.startswith("NOT") else f"({text})"

    text, _ = fold(cond, leaf=lambda node: (describe_leaf(node), True),
                   all_=lambda parts: (" AND ".join(map(group, parts)) or "always", False),
                   any_=lambda parts: (" OR ".join(map(group, parts)), False),
                   not_=lambda part: (f"NOT {group(part)}", False),
                   always=lambda: ("always", True))
    return text
