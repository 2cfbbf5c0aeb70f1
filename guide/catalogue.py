"""The UI text catalogues: one folder per language (guide/data/i18n/en, .../ko), one YAML file per part of the
guide (its name is the first part of every key in it), nested mappings flattened to dotted keys.

Loaded and checked once per process: both languages must have the same files, the same keys and the same
placeholders ({n}), and every value must be text. A problem is a DataFileError naming the file and the key,
never a blank or a raw key on a page."""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

import yaml

from guide.errors import DataFileError, suggest
from guide.settings import PACKAGE_DATA

CATALOGUE_DIR = PACKAGE_DATA / "i18n"
LANGS = ("en", "ko")


def _flatten(prefix: str, node: object, file: Path, out: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}", value, file, out)
    elif isinstance(node, str):
        out[prefix] = node
    else:
        raise DataFileError(str(file), [f"'{prefix}' must be text, not {type(node).__name__}"])


def _read_yaml(file: Path) -> object:
    """The guide's own catalogue file (not guide.userfile.read_yaml: that one words its errors through these
    catalogues, so it cannot be what reads them)."""
    try:
        return yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataFileError(str(file), [f"cannot read: {' '.join(str(exc).split())}"]) from None


def _read_language(lang: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    for file in sorted((CATALOGUE_DIR / lang).glob("*.yaml")):
        data = _read_yaml(file)
        if not isinstance(data, dict):
            raise DataFileError(str(file), ["expected a mapping of keys to texts"])
        _flatten(file.stem, data, file, texts)
    return texts


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def problems(catalogues: dict[str, dict[str, str]]) -> list[str]:
    """Keys in one language and not the other, and texts whose placeholders differ between languages."""
    en, found = catalogues["en"], []
    for lang, texts in catalogues.items():
        other = "ko" if lang == "en" else "en"
        found += [f"i18n/{lang}/{key.split('.')[0]}.yaml: '{key}' is missing (it is in {other})"
                  for key in sorted(catalogues[other].keys() - texts.keys())]
    for key in sorted(en.keys() & catalogues["ko"].keys()):
        if placeholders(en[key]) != placeholders(catalogues["ko"][key]):
            found.append(f"i18n/ko/{key.split('.')[0]}.yaml: '{key}' has placeholders "
                         f"{sorted(placeholders(catalogues['ko'][key]))}, English has {sorted(placeholders(en[key]))}")
    return found


@lru_cache(maxsize=1)
def catalogues() -> dict[str, dict[str, str]]:
    """Both languages' texts by dotted key, checked against each other."""
    loaded = {lang: _read_language(lang) for lang in LANGS}
    if found := problems(loaded):
        raise DataFileError(str(CATALOGUE_DIR), found)
    return loaded


class UnknownTextKey(KeyError):
    def __init__(self, key: str, known):
        super().__init__(f"unknown text key '{key}'{suggest(key, known)}")
