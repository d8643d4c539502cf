"""Translations: Babel catalogs (locale/<lang>/LC_MESSAGES/messages.po), one locale per task.

The .po files are compiled in memory at start, so there is no build step and a
fresh checkout speaks Swedish at once. English message ids double as the
English text.
"""

import contextlib
import io
from contextvars import ContextVar
from functools import cache

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import LazyProxy, Translations

from workshop.settings import DEFAULT_LANGUAGE, LANGUAGES, PACKAGE_DIR

LOCALE_DIR = PACKAGE_DIR / "locale"
current_language: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


@cache
def translations(language: str) -> Translations:
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return Translations(mo)


def gettext(message: str, **variables) -> str:
    text = translations(current_language.get()).ugettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables) -> str:
    text = translations(current_language.get()).ungettext(singular, plural, n)
    return text % {"num": n, **variables}


def lazy_gettext(message: str) -> LazyProxy:
    """A message translated when it is shown, in the language of that moment."""
    return LazyProxy(gettext, message, enable_cache=False)


_ = gettext


def N_(message: str) -> str:
    """Marks a message id for the catalogs where it is translated later (Babel finds N_)."""
    return message


def pick_language(*candidates: str | None) -> str:
    """The first supported language among the candidates, else the default."""
    return next((c for c in candidates if c in LANGUAGES), DEFAULT_LANGUAGE)


@contextlib.contextmanager
def language(lang: str):
    token = current_language.set(lang)
    try:
        yield
    finally:
        current_language.reset(token)
