"""Conditions in plain words: how the trace, the rules table and the reports describe a rule's `when`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from guide.decision.operators import OPERATORS
from guide.text import Lang, Text

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


# The words around a condition's ids, in each language. Ids stay as written; in Korean they are set off as code,
# since they sit among Hangul and no particle fits every id.
ID = Text(en="{id}", ko="`{id}`")
AND = Text(en=" AND ", ko=" 그리고 ")
OR = Text(en=" OR ", ko=" 또는 ")
NOT = Text(en="NOT {part}", ko="{part} 아님")
ALWAYS = Text(en="always", ko="항상")
NOT_ANSWERED = Text(en="{question} is not answered", ko="{question} 미응답")


def describe_leaf(leaf, lang: Lang = "en") -> str:
    code = ID.get(lang)
    values = leaf.value if isinstance(leaf.value, list) else [leaf.value]
    value = ", ".join(code.format(id=v) for v in values)
    question = code.format(id=leaf.key)
    if leaf.operator == "answered" and not leaf.value:
        return NOT_ANSWERED.get(lang).format(question=question)
    return OPERATORS[leaf.operator].describe.get(lang).format(question=question, value=value)


def condition_text(cond, lang: Lang = "en") -> str:
    """The whole condition, with its and / or / not structure kept (never a flat list of leaves)."""
    # Each fold step returns (text, atomic): a compound part is bracketed when it sits inside another; a
    # negation reads as one unit (it brackets its own compound part).
    def group(part: tuple[str, bool]) -> str:
        text, atomic = part
        return text if atomic or " " not in text else f"({text})"

    always = ALWAYS.get(lang)
    text, _ = fold(cond, leaf=lambda node: (describe_leaf(node, lang), True),
                   all_=lambda parts: (AND.get(lang).join(map(group, parts)) or always, False),
                   any_=lambda parts: (OR.get(lang).join(map(group, parts)), False),
                   not_=lambda part: (NOT.get(lang).format(part=group(part)), True),
                   always=lambda: (always, True))
    return text


def condition_texts(cond) -> Text:
    """condition_text in both languages: what the trace carries, so every view picks its own."""
    return Text(en=condition_text(cond, "en"), ko=condition_text(cond, "ko"))
