"""How Samla tells that two actors are the same one written differently: "skolkuratorn",
"Skolkurator" and "kurator i skolan" are one actor; "kurator" at the health centre is
another.

An actor's key is its organisation and the set of its title's words, each read the same
way whatever its form:
1. case, accents and look-alike characters folded (text.fold_key: "Läkaren" = "lakaren");
2. known names unified (ACTOR_NAMES: "barn- och ungdomspsykiatrin" is "bup");
3. small words left out (SMALL_WORDS: "i", "på", "för" …);
4. Swedish definite and plural endings taken off ("kuratorn", "kuratorerna" → "kurator";
   "skolan" → "skola"), then the Snowball Swedish stemmer ("skola", "skol-" → "skol");
5. a compound that starts with a known first part is read as its two parts
   (COMPOUND_FIRST_PARTS: "skolkurator" → "skol" + "kurator");
6. the words sorted, so word order does not matter ("kurator i skolan" = "skolkurator").
A written variant (text.twin_key of the title, and the organisation) always belongs to
one actor; the facilitator can move it into another actor or split it off (queries).
"""

import re
from functools import cache

import snowballstemmer

from workshop.i18n import N_
from workshop.text import fold_key, twin_key

ORGANISATIONS = ("kommun", "region", "annan")
ORGANISATION_NAMES = {"kommun": N_("Municipality"), "region": N_("Region"),
                      "annan": N_("Other organisation")}
# Whole names (after folding) read as one word, longest first.
ACTOR_NAMES = {
    "bup": ("barn- och ungdomspsykiatrin", "barn- och ungdomspsykiatri",
            "barn och ungdomspsykiatrin", "barn och ungdomspsykiatri", "barnpsykiatrin",
            "barnpsykiatri", "ungdomspsykiatrin", "ungdomspsykiatri"),
    "socialtjanst": ("individ- och familjeomsorgen", "individ och familjeomsorgen", "ifo",
                     "socialen", "soc", "socialkontoret"),
    "vardcentral": ("halsocentral", "halsocentralen", "vc"),
}
SMALL_WORDS = frozenset(
    "i pa inom vid for fran hos med till av och at den det en ett som "
    "the at in of for from with and a an on".split())
# Definite and plural endings, longest first; one is taken off when at least four
# letters stay ("barnet" → "barn", but "barn" stays "barn").
ENDINGS = ("orna", "arna", "erna", "na", "en", "et", "an", "n")
KEPT_LETTERS = 4
# First parts of compounds in actors' titles (folded), with the word each stands for.
COMPOUND_FIRST_PARTS = {
    "skol": "skola", "barn": "barn", "ungdoms": "ungdom", "familje": "familj",
    "elev": "elev", "fritids": "fritid", "special": "special", "mottagnings": "mottagning",
    "lakar": "lakare", "halso": "halsa", "stod": "stod", "boende": "boende",
}
COMPOUND_REST = 4  # letters that must follow a first part for a word to be split
WORD = re.compile(r"\w+")
STEMMER = snowballstemmer.stemmer("swedish")


def variant_of(title: str, organisation: str) -> str:
    """One written variant: the title as it reads (twin_key) and its organisation."""
    return f"{organisation}|{twin_key(title)}"


def actor_key(title: str, organisation: str) -> str:
    """The key of the actor a title names, e.g. "kommun|kurator skol" for "Skolkuratorn",
    "skolkurator" and "kurator i skolan" (see the module's steps)."""
    text = fold_key(title)
    for name, variants in ACTOR_NAMES_PATTERNS:
        text = variants.sub(name, text)
    words = sorted({key for word in WORD.findall(text) if word not in SMALL_WORDS
                    for key in word_keys(word)})
    return f"{organisation}|{' '.join(words)}"


def word_keys(word: str) -> list[str]:
    """The keys of one folded word: its stem, or its compound's two parts' stems."""
    for part, meaning in COMPOUND_FIRST_PARTS.items():
        if word.startswith(part) and len(word) - len(part) >= COMPOUND_REST:
            return [stem(meaning), stem(word[len(part):])]
    return [stem(word)]


@cache
def stem(word: str) -> str:
    """A word without its definite or plural ending, then Snowball's Swedish stem."""
    end = next((end for end in ENDINGS
                if word.endswith(end) and len(word) - len(end) >= KEPT_LETTERS), "")
    return STEMMER.stemWord(word[:len(word) - len(end)] if end else word)


ACTOR_NAMES_PATTERNS = [
    (name, re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(variants, key=len,
                                                                    reverse=True))) + r")(?!\w)"))
    for name, variants in ACTOR_NAMES.items()]
