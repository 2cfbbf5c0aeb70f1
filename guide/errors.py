"""Errors a user can act on: each names the file, the item and the bad id, with a "did you mean"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def suggest(bad: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for a close match, '' otherwise."""
    match = difflib.get_close_matches(str(bad), [str(k) for k in known], n=1, cutoff=0.5)
    return f" (did you mean '{match[0]}'?)" if match else ""


class DataFileError(ValueError):
    """A rules, questions or examples file that does not validate."""

    def __init__(self, file: str, problems: list[str]):
        self.file = file
        self.problems = problems
        super().__init__(f"{file}: " + "; ".join(problems))


class AnswerError(ValueError):
    """Answers (from a URL, an upload or the CLI) that name unknown ids or break a question's kind."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


class CliError(Exception):
    """A bad input the user can fix: printed as one line on stderr, exit code 2 (shared by every subcommand)."""


def first_problem(exc) -> str:
    """A pydantic ValidationError's first problem as one line, "where.it.is: what is wrong"."""
    first = exc.errors()[0]
    return f"{'.'.join(str(part) for part in first['loc'])}: {first['msg']}"
