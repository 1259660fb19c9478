"""The Japanese catalog: complete, faithful to its placeholders, current, and used.

When a test here fails after you added or changed a string: run ``make translations``,
translate the new entries in proposals/translations/ja/LC_MESSAGES/messages.po, and run
the tests again.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import current_app
from flask_babel import get_locale, gettext, refresh

from proposals.extensions import babel

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "proposals" / "translations"
JA_PO = TRANSLATIONS / "ja" / "LC_MESSAGES" / "messages.po"
# The same keywords as the extraction in the Makefile (`make translations`).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]")


def _read_ja():
    with JA_PO.open("rb") as handle:
        return read_po(handle, locale="ja")


def _entries(catalog):
    return [message for message in catalog if message.id]


def _singular(msgid) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def _as_tuple(text) -> tuple[str, ...]:
    return text if isinstance(text, tuple) else (text,)


def compile_catalogs() -> None:
    """Compile each .po whose .mo is missing or older, as `make compile-translations` does.

    The .mo files are build output; this lets the suite run on a fresh clone without make.
    """
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog)


@pytest.fixture
def compiled():
    compile_catalogs()
    # Flask-Babel keeps loaded catalogs for the process's lifetime; an earlier test may
    # have loaded "ja" before the .mo existed.
    babel.domain_instance.cache.clear()
    refresh()
    yield
    refresh()


def test_every_message_is_translated_and_none_is_fuzzy():
    catalog = _read_ja()
    entries = _entries(catalog)
    assert len(entries) > 500
    untranslated = [m.id for m in entries if not all(_as_tuple(m.string))]
    fuzzy = [m.id for m in entries if m.fuzzy]
    assert untranslated == [], "translate these in " + str(JA_PO)
    assert fuzzy == [], "check these translations and remove their fuzzy flag"


def test_placeholders_match_between_english_and_japanese():
    mismatched = []
    for message in _entries(_read_ja()):
        expected = sorted(set(PLACEHOLDER.findall(" ".join(_as_tuple(message.id)))))
        for translation in _as_tuple(message.string):
            if sorted(set(PLACEHOLDER.findall(translation))) != expected:
                mismatched.append((message.id, translation))
    assert mismatched == []


def test_catalog_holds_exactly_the_messages_in_the_code():
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    in_code = {
        _singular(message)
        for _filename, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS
        )
    }
    in_catalog = {_singular(message.id) for message in _entries(_read_ja())}
    # Sanity: the extraction reaches Python (lazy and plain gettext) and templates (ngettext).
    assert {"Draft", "Enter your email address.", "Skip to content", "%(num)s proposal"} <= in_code

    not_in_catalog = sorted(in_code - in_catalog)
    assert not_in_catalog == [], "new strings: run `make translations` and translate them"
    no_longer_used = sorted(in_catalog - in_code)
    assert no_longer_used == [], "strings gone from the code: run `make translations`"


def test_visitor_who_chooses_japanese_gets_japanese_pages(client, compiled):
    english = client.get("/").get_data(as_text=True)
    assert ">Calls</a>" in english

    response = client.post("/language", data={"locale": "ja"})
    assert response.status_code == 302
    refresh()  # the tests share one app context, where Flask-Babel caches the locale
    html = client.get("/").get_data(as_text=True)

    assert '<html lang="ja">' in html
    assert ">募集</a>" in html  # the main navigation
    assert "本文へ移動" in html  # the skip link
    assert ">ログイン</a>" in html and ">利用登録</a>" in html
    assert ">Calls</a>" not in html and "Skip to content" not in html


def test_lazy_strings_are_japanese_too(client, compiled):
    client.post("/language", data={"locale": "ja"})
    refresh()
    response = client.get("/register")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<label for="email">メールアドレス' in html  # declared with lazy_gettext
    assert "Email address" not in html


def test_outside_a_request_the_configured_default_language_is_used(app, compiled, monkeypatch):
    # CLI commands and background jobs have no session to read the choice from.
    refresh()
    assert str(get_locale()) == current_app.config["BABEL_DEFAULT_LOCALE"] == "en"
    assert gettext("Calls") == "Calls"

    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "ja")
    refresh()
    assert str(get_locale()) == "ja"
    assert gettext("Calls") == "募集"
