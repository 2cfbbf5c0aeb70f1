"""Files people hand the guide (answers, results, rules): read them, or refuse with one line that says how to fix it.

Every reader of a user's file goes through here, so a Korean Windows file (CP949), a UTF-16 file from a
spreadsheet, an empty file or a JSON document nested 50,000 deep gets the same clear answer in the app, in the
reports and on the command line, never a traceback or a message cut off mid-word.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import yaml

from guide.errors import DataFileError
from guide.text import t

HANGUL = range(0xAC00, 0xD7A4)


class UserFileError(ValueError):
    """A user's file that cannot be used; the message is one line naming the file and the fix."""


def _looks_korean(data: bytes) -> bool:
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return False
    return any(ord(ch) in HANGUL for ch in text)


def decode_text(data: bytes, name: str) -> str:
    """UTF-8, with or without a byte-order mark, is read; anything else is refused with the likely encoding
    and how to save the file as UTF-8 (one encoding everywhere: a file that works in the app works in the CLI)."""
    if not data.strip():
        raise UserFileError(t("files.empty", name=name))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UserFileError(t("files.utf16", name=name, fix=t("files.save_as_utf8")))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        guess = t("files.looks_korean") if _looks_korean(data) else t("files.looks_8bit")
        raise UserFileError(t("files.not_utf8", name=name, byte=exc.start + 1, guess=guess,  # counted from 1
                              fix=t("files.save_as_utf8"))) from None


def read_user_file(path: Path | str) -> str:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserFileError(t("files.cannot_read", path=path, why=exc.strerror or exc)) from None
    return decode_text(data, str(path))


def load_json(text: str, name: str) -> object:
    """JSON, with errors that say where (line and column) and never a traceback for hostile nesting."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserFileError(t("files.not_json", name=name, msg=exc.msg, line=exc.lineno, column=exc.colno)) \
            from None
    except RecursionError:
        raise UserFileError(t("files.too_deep", name=name)) from None


def read_yaml(path: Path) -> object:
    """YAML data (safe loader: no tags that build Python objects), or a DataFileError naming the file."""
    try:
        return yaml.safe_load(read_user_file(path))
    except UserFileError as exc:
        raise DataFileError(str(path), [str(exc).removeprefix(f"{path} ")]) from None
    except yaml.YAMLError as exc:
        raise DataFileError(str(path), [f"cannot read YAML: {' '.join(str(exc).split())}"]) from None
    except RecursionError:
        raise DataFileError(str(path), ["cannot read YAML: nested too deeply"]) from None
