"""Korean and English: the UI catalogues match key for key and placeholder for placeholder, every text in the
YAML data has both languages, and t() names an unknown key with a "did you mean"."""

import re

import pytest

from guide.catalogue import UnknownTextKey, catalogues, problems
from guide.decision.questions import load_questions
from guide.decision.rules import load_ruleset
from guide.text import Text, lang_of, number, t

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_both_catalogues_have_the_same_keys_and_placeholders():
    loaded = catalogues()
    assert loaded["en"].keys() == loaded["ko"].keys() and problems(loaded) == []
    untranslated = [k for k, v in loaded["ko"].items() if not HANGUL.search(v) and loaded["en"][k] == v
                    and not k.startswith("formats.")]  # date patterns, not text
    assert untranslated == [], "Korean texts identical to the English ones"


def test_a_missing_key_and_a_placeholder_mismatch_are_named():
    found = problems({"en": {"a.x": "{n} runs", "a.y": "y"}, "ko": {"a.x": "{count}회"}})
    assert "i18n/ko/a.yaml: 'a.y' is missing (it is in en)" in found
    assert any("'a.x' has placeholders ['count'], English has ['n']" in p for p in found)


def test_an_unknown_key_says_what_was_meant():
    with pytest.raises(UnknownTextKey, match="did you mean 'app.title'"):
        t("app.titel")


def test_texts_follow_the_language_asked_for():
    assert t("app.pages.deployment", lang="ko") == "배포 점검" and t("app.pages.deployment", lang="en") == "Deployment"
    assert number(1234.5, 1, lang="ko") == "1,234.5" and lang_of("ko-KR") == "ko" and lang_of("fr-FR") is None


def _texts(node):
    """Every Text inside a pydantic model, list or dict, however deep."""
    if isinstance(node, Text):
        yield node
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from _texts(item)
    elif isinstance(node, dict):
        for item in node.values():
            yield from _texts(item)
    elif hasattr(node, "model_fields"):
        for name in type(node).model_fields:
            yield from _texts(getattr(node, name))


@pytest.mark.parametrize("loader", [load_questions, load_ruleset])
def test_every_text_in_the_data_has_english_and_korean(loader):
    texts = list(_texts(loader()))
    assert len(texts) > 50
    # Korean text, or a name that stays as it is in Korean (PyTorch, iOS, "Google Cloud TPUs.")
    untranslated = [x.en for x in texts if not x.en.strip() or not (
        HANGUL.search(x.ko) or len(x.ko.split()) <= 3)]
    assert untranslated == []


def test_dates_follow_the_language_through_babel():
    from datetime import UTC, datetime

    from guide.text import day, when

    moment = datetime(2026, 12, 1, 23, 5, tzinfo=UTC)
    assert when(moment, lang="en") == "2026-12-01 23:05 UTC" and day(moment, lang="ko") == "2026년 12월 1일"


def test_claims_and_sources_have_english_and_korean():
    from guide.evidence.claims import load_claims
    from guide.evidence.sources import load_sources

    texts = [c.claim for c in load_claims()] + [c.limits for c in load_claims()]
    texts += [s.titles for s in load_sources().values()]
    assert [x.en for x in texts if not HANGUL.search(x.ko) and len(x.ko.split()) > 3] == []
