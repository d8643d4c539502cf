"""Personal data in a post: identity numbers, phone numbers, e-mail and street addresses.

Youth-safe mode holds back a post that looks like it holds personal data (issue 13): this
module only finds it; what happens to the post is the caller's. Pure: no I/O, no state.

    find_personal_data("Ring mig på 070-174 06 05")
    -> [Finding(kind="phone", start=12, end=25)]

Identity numbers are checked with the `personnummer` library (checksum and date, the
day + 60 of a samordningsnummer), phone numbers with `phonenumbers` (libphonenumber's
metadata for region SE, and any number written with +country code). E-mail and
addresses are rules: a street name with a Swedish street suffix followed by a house
number, or a postnummer followed by a town name.

Phone numbers are decided first where the two overlap: about 1 % of Swedish mobile
numbers written as ten bare digits also pass the personnummer checksum and date
(measured in benchmarks/personal_data_guard.py). So a run of ten digits with no
separator, or with only a space after the sixth, that libphonenumber calls a Swedish
mobile number is a phone number; an identity number written as people write one (with
the century, or with "-" or "+" after the date) is an identity number.
"""

import re
from dataclasses import dataclass
from typing import Literal

import phonenumbers
from personnummer import personnummer

Kind = Literal["personnummer", "samordningsnummer", "phone", "email", "address"]


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its kind and where it is, text[start:end]."""

    kind: Kind
    start: int
    end: int


def find_personal_data(text: str) -> list[Finding]:
    """Every piece of personal data in `text`, in reading order, none overlapping.

    Where two readings overlap, the first in this order wins: e-mail, identity number
    (or the phone number a bare ten-digit run turned out to be), phone, address.
    """
    found = [*_emails(text), *_identity_numbers(text), *_phones(text), *_addresses(text)]
    kept: list[Finding] = []
    for finding in found:
        if not any(finding.start < other.end and other.start < finding.end for other in kept):
            kept.append(finding)
    return sorted(kept, key=lambda finding: finding.start)


def looks_personal(text: str) -> bool:
    """True when `text` holds anything `find_personal_data` finds."""
    return bool(find_personal_data(text))


_EMAIL = re.compile(
    r"[\w.+-]+(?:@|\s?[(\[]at[)\]]\s?)[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])",
    re.IGNORECASE,
)


def _emails(text: str) -> list[Finding]:
    """Addresses like name@example.se, also written name(at)example.se or name [at] ..."""
    return [Finding("email", match.start(), match.end()) for match in _EMAIL.finditer(text)]


# YYMMDD or YYYYMMDD, then "-", "+" (100 years or older), an en dash or a space, then
# the serial number and check digit; never a piece of a longer run of digits.
_IDENTITY_NUMBER = re.compile(
    r"(?<![\d+])(?P<century>1[89]|20)?(?P<date>\d{6})"
    r"(?P<separator>\s?[-+–]\s?|\s)?(?P<serial>\d{4})(?![\d])"
)


def _identity_numbers(text: str) -> list[Finding]:
    """Personnummer and samordningsnummer that pass checksum and date; see the module
    docstring for the bare ten-digit runs that are phone numbers instead."""
    found = []
    for match in _IDENTITY_NUMBER.finditer(text):
        century, date, separator, serial = match.group("century", "date", "separator", "serial")
        sign = "+" if separator and "+" in separator else "-"
        kind = _identity_kind(f"{century or ''}{date}", sign, serial)
        if kind is None:
            continue
        if not century and not (separator or "").strip() and _is_swedish_mobile(date + serial):
            kind = "phone"
        found.append(Finding(kind, match.start(), match.end()))
    return found


def _identity_kind(date: str, sign: str, serial: str) -> Kind | None:
    """'personnummer', 'samordningsnummer' or None (not a valid one) for a date of six or
    eight digits, "-" or "+", and the four digits after it."""
    try:
        number = personnummer.parse(f"{date}{sign}{serial}")
    except personnummer.PersonnummerException:
        return (
            "samordningsnummer"
            if _samordningsnummer_without_full_date(date[-6:] + serial)
            else None
        )
    return "samordningsnummer" if number.is_coordination_number() else "personnummer"


def _samordningsnummer_without_full_date(digits: str) -> bool:
    """A samordningsnummer, ten digits, whose holder's birth month or day is not known:
    Skatteverket writes month 00 or day 60 (00 + 60) then, and 23 of its 1,300 test numbers
    in shared/data are such. The personnummer library rejects them (as its C# sibling
    does: personnummer/csharp issue #119), so the Luhn check is done here."""
    month, day = int(digits[2:4]), int(digits[4:6])
    if not (month <= 12 and 60 <= day <= 91 and (month == 0 or day == 60)):
        return False
    total = sum(sum(divmod(int(digit) * (2 - i % 2), 10)) for i, digit in enumerate(digits[:9]))
    return -total % 10 == int(digits[9])


def _is_swedish_mobile(digits: str) -> bool:
    number = phonenumbers.parse(digits, "SE")
    return (
        phonenumbers.is_valid_number(number)
        and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    )


# libphonenumber's matcher costs about 0.6 ms even on a post without a digit, so it only
# runs when the post has something a phone number starts with: a 0 or a + followed by
# at least six more digits, separators allowed between them.
_PHONE_HINT = re.compile(r"(?:\+|(?<!\d)0)\d(?:[\s\-–./()]{0,2}\d){5,}")


def _phones(text: str) -> list[Finding]:
    """Phone numbers libphonenumber finds and calls valid: Swedish ones however they are
    grouped (070-174 06 05, 08-465 004 00, +46 70 …) and foreign ones with +code."""
    if not _PHONE_HINT.search(text):
        return []
    matches = phonenumbers.PhoneNumberMatcher(text, "SE", leniency=phonenumbers.Leniency.VALID)
    return [
        Finding("phone", match.start, match.end)
        for match in matches
        if not _WRITTEN_AS_SOMETHING_ELSE.fullmatch(match.raw_string)
    ]


# Stockholm's area code is 08 and northern Sweden's start with 09, so libphonenumber
# takes "08.00-16.30", "0800–1630" and "09.03.2025" for valid numbers; and a number
# written like an identity number ("090229-2390") that failed its checksum is neither.
_CLOCK = r"(?:[01]?\d|2[0-3])[.:]?[0-5]\d"
_DATE = r"(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])(?:[./](?:\d\d)?\d\d)?"
_WRITTEN_AS_SOMETHING_ELSE = re.compile(
    rf"(?:{_CLOCK}|{_DATE})(?:\s?[-–]\s?(?:{_CLOCK}|{_DATE}))?|(?:\d\d)?\d{{6}}\s?[-+–]\s?\d{{4}}"
)


_UPPER = "A-ZÅÄÖÉÜ"
_LOWER = "a-zåäöéü"
# Street suffixes that are rarely anything else, found in any case ("storgatan 5").
_PLAIN_SUFFIXES = "gatan|vägen|gränden|gränd|stigen|allén"
# Suffixes that are also ordinary words ("handlingsplan 2", "på torget 3") count only in
# a capitalised name ("Mariaplan 2", "Stortorget 3").
_NAME_SUFFIXES = (
    "gata|väg|backen|backe|torget|torg|plan|planen|leden|gången|stråket|slingan|kroken"
    "|liden|höjden|platsen|kajen|esplanaden|promenaden|ringen|bryggan|terrassen|allé|stig"
)
_CAPITALISED_SUFFIXES = "|".join(
    suffix.capitalize() for suffix in f"{_PLAIN_SUFFIXES}|{_NAME_SUFFIXES}".split("|")
)
# A street name is "Storgatan", "storgatan", "Mariaplan", "Karl Johans gata" or "Lilla
# Torget", with up to two capitalised words before it ("Västra Långgatan") that are not
# the word starting the sentence ("På Storgatan 5").
_SENTENCE_STARTS = "På|I|Vid|Hos|Från|Till|Mot|Om|Jag|Vi|Min|Mitt|Vår|Vårt|Det|Bor"
_CAPITALISED_WORD = rf"\b(?!(?:{_SENTENCE_STARTS})\s)[{_UPPER}][{_LOWER}]+\s"
_STREET_NAME = (
    rf"(?:(?:{_CAPITALISED_WORD}){{0,2}}"
    rf"(?:\b[{_UPPER}{_LOWER}][{_LOWER}]+(?:{_PLAIN_SUFFIXES})"
    rf"|\b[{_UPPER}][{_LOWER}]+(?:{_NAME_SUFFIXES})"
    rf"|\b[{_UPPER}][{_LOWER}]*s\s(?:väg|gata|gränd|allé|backe|stig))"
    rf"|(?:{_CAPITALISED_WORD}){{1,2}}(?:{_CAPITALISED_SUFFIXES}))"
)
# Words that make the number after a street name a count or a measure, not a house.
_COUNTED = (
    r"år|kr|kronor|st|stycken|procent|min|minuter|timmar|tim|h|m|meter|km|mil|gånger|ggr"
    r"|dagar|veckor|månader|personer|pers|elever|barn|killar|tjejer|ungdomar|platser"
    r"|bussar|lektioner|poäng|grader"
)
_STREET_ADDRESS = re.compile(
    rf"{_STREET_NAME}\s(?:nr\.?\s?)?\d{{1,3}}(?![\d]|[.,:/]\d)"
    rf"(?:[A-Za-z]|\s[A-H])?(?![\w])(?!\s?%|\s(?:{_COUNTED})\b)"
)
# A postnummer is "123 45" or "12345" (first digit 1–9), then the town: capitalised,
# or in lower case after the usual "123 45" form.
_NOT_COUNTED = rf"(?!(?i:{_COUNTED})\b)"
_POSTNUMMER = re.compile(
    rf"(?<![\w+-])(?:SE-?\s?)?"
    rf"(?:[1-9]\d\d\s\d\d\s+{_NOT_COUNTED}[{_UPPER}{_LOWER}]|[1-9]\d{{4}}\s+{_NOT_COUNTED}[{_UPPER}])"
    rf"[{_LOWER}]+"
)


def _addresses(text: str) -> list[Finding]:
    """Street addresses ("Storgatan 12B", "Karl Johans gata 3") and postnummer with a
    town ("123 45 Storby"). A street name alone, or a number after it that is a count
    ("Storgatan 3 gånger"), is not an address."""
    return [
        Finding("address", match.start(), match.end())
        for pattern in (_STREET_ADDRESS, _POSTNUMMER)
        for match in pattern.finditer(text)
    ]
