"""Every user-facing string is in Swedish and English, placeholders intact."""

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from tests.conftest import ROOT
from workshop import i18n

PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The messages in the code and templates today, extracted as a translator would."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "_l", "-o", str(pot), "--no-location", "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as file:
        messages = [m for m in read_po(file) if m.id]
    assert len(messages) > 100 and "Quick prioritisation" in [m.id for m in messages]
    return messages


def catalog(language: str):
    with (i18n.LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file, locale=language)


def test_every_message_has_a_swedish_translation_with_the_same_placeholders(extracted):
    swedish = catalog("sv")
    problems = []
    for message in extracted:
        entry = swedish.get(message.id)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = () if entry is None else (
            entry.string if isinstance(entry.string, tuple) else (entry.string,))
        if entry is None or entry.fuzzy or not all(texts):
            problems.append(f"untranslated: {ids[0]!r}")
        elif any(set(PLACEHOLDER.findall(t)) - set(PLACEHOLDER.findall(ids[-1])) for t in texts):
            problems.append(f"placeholders differ: {ids[0]!r}")
    assert problems == []


def test_english_catalog_knows_every_message(extracted):
    english = catalog("en")
    assert [m.id for m in extracted if english.get(m.id) is None] == []


def test_method_phase_titles_are_translated():
    with i18n.language("sv"):
        assert [i18n.gettext(t) for t in ("Welcome", "Topics", "Voting", "Results")] == [
            "Välkommen", "Ämnen", "Röstning", "Resultat"]
    with i18n.language("en"):
        assert i18n.gettext("Voting") == "Voting"
