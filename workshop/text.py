"""Text as people type it: made clean at the door, compared the way people read it.

Whatever comes in (a phone's tap, a facilitator's paste from Word, a file of notes, an
import) passes `clean` once, and `has_visible` decides whether anything is left to show.
Two texts that read the same are twins by `twin_key`; similar-topic hints also compare
`fold_key`, which reads "grona" as "gröna".

Lengths are counted in code points of the cleaned text, which is what Python's `len` and
JavaScript's `[...text.normalize("NFC")].length` count (not UTF-16 units: one emoji is one
character). Cleaning never makes a text longer than its NFC form, so a browser counter of
the NFC form never says "fits" when the server says "too long".

Unicode sources: UAX #15 (normalisation forms), the Unicode Standard §3.13 (default
caseless matching, D145/D146), and DerivedCoreProperties.txt (Default_Ignorable_Code_Point,
Unicode 14.0, the version Python 3.11's unicodedata knows).
"""

import re
import unicodedata

# Default_Ignorable_Code_Point (Unicode 14.0): characters that show nothing when a font has
# no glyph for them (zero-width spaces and joiners, bidi controls, variation selectors,
# Hangul fillers, tag characters).
DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")

# Removed by `clean`: invisible characters that only steer line breaking (soft hyphen,
# zero-width space, word joiner) or ride along from copying (byte order mark), and control
# characters other than white space. The other default-ignorables stay, because they carry
# meaning: ZWJ builds emoji (👩‍💻) and Indic conjuncts, ZWNJ shapes Persian, LRM/RLM order
# mixed Arabic and Swedish, variation selectors pick an emoji's look (❤️), tags spell
# regional flags.
DROPPED = re.compile("[\u00ad\u200b\u2060\ufeff\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")

# Symbols that render as an empty square or space although their category says "symbol".
BLANK_SIGNS = frozenset("\u2800")  # BRAILLE PATTERN BLANK

# Letters that carry their stroke inside the letter, so NFKD does not take it off.
UNDECOMPOSED_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})

# A list marker at the start of a pasted line: a bullet (Word pastes "•\t", then "o\t" and
# "§\t" for deeper levels, or U+F0B7/U+F0A7 from its Symbol and Wingdings fonts), a dash or
# star before a space, or numbering such as "1." "2)" "(3)" "a." "iv)" "1.2." before a space.
LIST_MARKER = re.compile(
    r"""\s*(?:
        [•◦‣⁃∙·▪▫■□●○◆◇►▸▹▶➢➤→✓✔☐☑❖\uf0b7\uf0a7]\s*
      | [o§]\t\s*
      | [-*+–—]\s+
      | \(?(?:\d{1,3}|[a-zA-Z]|(?i:x{0,3}(?:ix|iv|v?i{1,3}|v)))[.)]\s+
      | \d{1,3}(?:\.\d{1,3})+\.?\s+
    )""", re.VERBOSE)


def clean(text: str, multiline: bool = False) -> str:
    """The text as Samla keeps it: NFC, without invisible break hints or control characters.

    Single-line text has its white space folded to single spaces (so "a  b" and "a b" are one
    topic, and a line break becomes a space); multi-line text keeps its lines, each without
    trailing white space, and line ends become "\\n". Leading and trailing white space goes.
    Idempotent; never longer than the NFC form of the input.
    """
    text = unicodedata.normalize("NFC", DROPPED.sub("", text))
    if multiline:
        return "\n".join(line.rstrip() for line in text.splitlines()).strip()
    return " ".join(text.split())


def has_visible(text: str) -> bool:
    """Whether the text shows at least one letter, number, punctuation mark or symbol.

    Not visible: white space, format and control characters, default-ignorables (which
    include the Hangul fillers, though they are "letters"), the blank Braille pattern,
    combining marks on their own, private-use characters. Unassigned code points count as
    visible: they may be emoji newer than this Python's Unicode 14 tables.
    """
    return any(is_visible(char) for char in text)


def is_visible(char: str) -> bool:
    if DEFAULT_IGNORABLE.match(char) or char in BLANK_SIGNS:
        return False
    category = unicodedata.category(char)
    return category[0] in "LNPS" or category == "Cn"


def twin_key(text: str) -> str:
    """The form in which two texts that read the same are equal: "Fler lärare" typed in NFD,
    in capitals, with double spaces or a trailing zero-width space has one key.

    Default caseless matching (Unicode §3.13, D145: NFD, case folding, then NFC instead of
    NFD) on the text with every default-ignorable removed and white space folded.
    """
    text = " ".join(DEFAULT_IGNORABLE.sub("", DROPPED.sub("", text)).split())
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).casefold())


def fold_key(text: str) -> str:
    """`twin_key` with diacritics and compatibility forms folded: "Gröna ytor på gården",
    "grona ytor pa garden" and "ＧＲÖＮＡ ytor" have one key. For hints, never for storing.

    Compatibility caseless matching (Unicode §3.13, D146: NFKD) with the non-spacing marks
    (category Mn: ring, diaeresis, acute …) dropped, and ø, æ, œ, ł, đ, ð, þ, ı spelled out.
    """
    decomposed = unicodedata.normalize("NFKD", twin_key(text))
    bare = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return twin_key(bare.translate(UNDECOMPOSED_LETTERS))  # "¯" decomposes to a space


def strip_list_marker(line: str) -> str:
    """The line without a leading bullet or number: "•\\tFler lärare", "1.\\tFler lärare" and
    "- Fler lärare" are "Fler lärare". A minus that is part of the text ("-5 grader") stays.
    """
    return line[marker.end():] if (marker := LIST_MARKER.match(line)) else line


def list_items(text: str) -> list[str]:
    """The lines of a pasted list, in order: each cleaned, without its list marker, and
    those with nothing visible left out."""
    items = (clean(strip_list_marker(clean(line, multiline=True)))
             for line in text.splitlines())
    return [item for item in items if has_visible(item)]
