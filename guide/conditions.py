"""Conditions in plain words: how the trace, the rules table and the reports describe a rule's `when`."""

from __future__ import annotations

from guide.operators import OPERATORS


def describe_leaf(leaf) -> str:
    value = ", ".join(map(str, leaf.value)) if isinstance(leaf.value, list) else leaf.value
    text = OPERATORS[leaf.operator].describe.format(question=leaf.key, value=value)
    return text if leaf.operator != "answered" or leaf.value else f"{leaf.key} is not answered"


def condition_text(cond) -> str:
    """The whole condition, with its and / or / not structure kept (never a flat list of leaves)."""
    if cond is None:
        return "always"
    if hasattr(cond, "operator"):
        return describe_leaf(cond)
    if hasattr(cond, "all"):
        return " AND ".join(_group(c) for c in cond.all) or "always"
    if hasattr(cond, "any"):
        return " OR ".join(_group(c) for c in cond.any)
    return f"NOT {_group(cond.not_)}"


def _group(cond) -> str:
    text = condition_text(cond)
    return f"({text})" if not hasattr(cond, "operator") and " " in text and not text.startswith("NOT") else text
