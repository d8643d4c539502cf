"""Text made clean at the door and compared as people read it (workshop.text)."""

import re
import unicodedata

import pytest
from hypothesis import given, strategies as st

from tests.flows import act, another_browser, create_workshop, join, move_phase
from workshop.clustering import TopicIndex
from workshop.text import clean, fold_key, has_visible, list_items, strip_list_marker, twin_key

INVISIBLE = {
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "soft hyphen": "\u00ad",
    "lone combining accent": "\u0301",
    "lone combining accents and spaces": " \u0301 \u0308\u030a ",
    "all of them": "\u200b\u200d\u2060\ufeff\u00ad\u0301",
    "Hangul filler": "\u3164",
    "blank Braille pattern": "\u2800",
    "right-to-left mark and no-break space": "\u200f\u00a0",
    "variation selector": "\ufe0f",
    "private use": "\ue000",
}


@pytest.mark.parametrize("invisible", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_text_of_invisible_characters_has_nothing_visible(invisible):
    assert has_visible(invisible) is False
    assert has_visible(clean(invisible)) is False


@pytest.mark.parametrize("visible", ["a", "7", ".", "€", "🙂", "❤️", "👩‍💻", "ä", "a\u0301", "اب",
                                     "\U0001fae8"])  # 🫨, newer than Python's Unicode 14
def test_letters_numbers_signs_and_emoji_are_visible(visible):
    assert has_visible(visible) is True


def test_clean_composes_nfc_drops_break_hints_and_folds_white_space():
    assert clean("  Fler  la\u0308rare\u200b på\u00a0sko\u00adlan\n ") == "Fler lärare på skolan"
    assert clean("\ufeffRad ett\r\n\r\n  Rad\ttvå  \r\n", multiline=True) == "Rad ett\n\n  Rad\ttvå"
    assert clean("Noll\x00byte\x1b") == "Nollbyte"


def test_clean_keeps_the_invisible_characters_that_carry_meaning():
    assert clean("👩\u200d💻 ❤\ufe0f") == "👩\u200d💻 ❤\ufe0f"  # emoji sequences stay whole
    assert clean("Mitt namn är \u200fسارا\u200f") == "Mitt namn är \u200fسارا\u200f"


def test_length_counts_characters_not_utf16_units():
    assert len(clean("🙂" * 100)) == 100
    assert len(clean("e\u0301" * 100)) == 100  # NFD input: two code points become one


TWINS = ["Fler lärare", "Fler la\u0308rare", "Fler lärare\u200b", "fler LÄRARE", "  Fler   lärare ",
         "\u200bFler\u00a0lärare\u2060", "Fler lä\u00adrare", "Fler lärare\u200d"]


@pytest.mark.parametrize("twin", TWINS)
def test_twins_have_one_key(twin):
    assert twin_key(twin) == twin_key("Fler lärare") == "fler lärare"


def test_different_texts_have_different_twin_keys():
    assert twin_key("Fler lärare") != twin_key("Fler larare")  # diacritics make words
    assert twin_key("Fler lärare") != twin_key("Fler lärare!")


def test_fold_key_reads_text_typed_without_diacritics_as_with_them():
    assert fold_key("Fler gröna ytor på skolgården") == "fler grona ytor pa skolgarden"
    assert fold_key("fler grona ytor pa skolgarden") == "fler grona ytor pa skolgarden"
    assert fold_key("Grøn Æble ＦＵＬＬ") == "gron aeble full"


@pytest.mark.parametrize("line, item", [
    ("•\tFler lärare", "Fler lärare"),
    ("• Fler lärare", "Fler lärare"),
    ("o\tAndra nivån i Word", "Andra nivån i Word"),
    ("§\tTredje nivån i Word", "Tredje nivån i Word"),
    ("\uf0b7\tWords symbolpunkt", "Words symbolpunkt"),
    ("1.\tFler lärare", "Fler lärare"),
    ("12) Fler lärare", "Fler lärare"),
    ("(3) Fler lärare", "Fler lärare"),
    ("b. Fler lärare", "Fler lärare"),
    ("iv) Fler lärare", "Fler lärare"),
    ("1.2. Fler lärare", "Fler lärare"),
    ("- Fler lärare", "Fler lärare"),
    ("– Fler lärare", "Fler lärare"),
    ("* Fler lärare", "Fler lärare"),
    ("-5 grader i klassrummet", "-5 grader i klassrummet"),
    ("3D-skrivare i slöjden", "3D-skrivare i slöjden"),
    ("2024 blev det bättre", "2024 blev det bättre"),
    ("Ok. Mer frukt", "Ok. Mer frukt"),
    ("mild. Mer frukt", "mild. Mer frukt"),
])
def test_list_markers_are_stripped_and_text_that_only_looks_like_one_is_kept(line, item):
    assert strip_list_marker(line) == item


def test_a_pasted_word_list_gives_one_item_per_line():
    pasted = "\ufeff•\tFler lärare\r\n\r\n•\t\u200b\r\no\tMer  frukt \r\n1.\tLäxhjälp\r\n•\r\n"
    assert list_items(pasted) == ["Fler lärare", "Mer frukt", "Läxhjälp"]


texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


@given(texts, st.booleans())
def test_clean_is_idempotent(text, multiline):
    assert clean(clean(text, multiline), multiline) == clean(text, multiline)


@given(texts, st.booleans())
def test_clean_is_never_longer_than_the_nfc_form_a_browser_counts(text, multiline):
    browser_value = re.sub(r"\r\n?", "\n", text)  # a textarea's value has "\n" line ends
    assert len(clean(text, multiline)) <= len(unicodedata.normalize("NFC", browser_value))


@given(texts)
def test_cleaning_keeps_what_is_visible(text):
    assert has_visible(clean(text)) == has_visible(text)


@given(texts)
def test_twin_keys_ignore_normal_form_case_and_zero_width_characters(text):
    key = twin_key(text)
    assert twin_key(unicodedata.normalize("NFD", text)) == key
    assert twin_key(text.casefold()) == key
    assert twin_key("\u200b" + text + "\u200d\ufeff") == key
    assert twin_key(key) == key and fold_key(fold_key(text)) == fold_key(text)


EXISTING = "Fler gröna ytor på skolgården"


@pytest.mark.parametrize("typed", ["fler grona ytor pa skolgarden", "FLER GRÖNA YTOR PÅ SKOLGÅRDEN",
                                   "Fler gröna ytor på skol\u200bgården",
                                   "Fler gro\u0308na ytor pa\u030a skolga\u030arden"])
def test_the_index_finds_the_topic_typed_without_diacritics_capitals_or_in_nfd(typed):
    index = TopicIndex([EXISTING, "Fler vuxna på fritidsgården", "Läxhjälp efter skolan"])
    assert index.similar(typed) == [(0, 1.0)]


def test_a_phone_typing_without_å_ä_ö_is_shown_the_existing_topic(client):
    workshop = create_workshop(client)
    move_phase(client, workshop, 0)
    author = another_browser(client)
    act(author, f"/w/{workshop['code']}/topics", join(author, workshop["code"]), text=EXISTING)
    typist = another_browser(client)
    join(typist, workshop["code"])
    answer = typist.get(f"/w/{workshop['code']}/similar",
                        params={"text": "fler grona ytor pa skolgarden"},
                        headers={"HX-Request": "true"})
    assert re.findall(r"<li><span>([^<]+)</span>", answer.text) == [EXISTING]
