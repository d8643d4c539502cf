"""The personal-data guard of youth-safe mode (issue 13): what it finds, and what must pass.

Identity numbers are Skatteverket's published test numbers (tests/data), phone numbers
are in Post- och telestyrelsen's fiction range 070-174 06 05 … 070-174 06 99.
"""

import csv
import re
from datetime import date
from pathlib import Path

import pytest
from personnummer import personnummer

from workshop.personal_data import Finding, find_personal_data, looks_personal

DATA = Path(__file__).parent / "data"


def read_tsv(name: str) -> list[dict]:
    lines = [line for line in (DATA / name).read_text().splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


TEST_NUMBERS = [
    (row["kind"], row["number"]) for row in read_tsv("skatteverket_test_identity_numbers.tsv")
]


def found(text: str) -> list[tuple[str, str]]:
    return [
        (finding.kind, text[finding.start : finding.end]) for finding in find_personal_data(text)
    ]


def sign_for(number: str) -> str:
    """'+' between date and serial for someone born 100 or more years ago, else '-'.

    By calendar year, as the personnummer library reads a ten-digit number (Skatteverket
    switches on the 100th birthday; the sample has nobody born in 1920-1930)."""
    return "+" if int(number[:4]) <= date.today().year - 100 else "-"


def with_check_digit(nine_digits: str) -> str:
    """The Luhn check digit Skatteverket uses, over YYMMDDNNN."""
    total = sum(sum(divmod(int(d) * (2 - i % 2), 10)) for i, d in enumerate(nine_digits))
    return nine_digits + str(-total % 10)


@pytest.mark.parametrize(("kind", "number"), TEST_NUMBERS, ids=[n for _, n in TEST_NUMBERS])
def test_every_written_form_of_a_test_identity_number_is_found(kind, number):
    short = number[2:]
    # Ten digits starting with 070 are also a Swedish mobile number; those are phone
    # numbers first (the module docstring says why), unless written with the century
    # or with "-" / "+" after the date.
    bare_kind = "phone" if short.startswith("070") else kind
    forms = {
        number: kind,
        f"{number[:8]}-{number[8:]}": kind,
        f"{short[:6]}{sign_for(number)}{short[6:]}": kind,
        short: bare_kind,
        f"{short[:6]} {short[6:]}": bare_kind,
    }
    for form, expected in forms.items():
        assert found(f"Jag vill anmäla mig, {form}, tack!") == [(expected, form)]


@pytest.mark.parametrize("number", [number for _, number in TEST_NUMBERS])
def test_a_wrong_check_digit_is_not_an_identity_number(number):
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    for form in (wrong, f"{wrong[:8]}-{wrong[8:]}", f"{wrong[2:8]}-{wrong[8:]}"):
        assert found(f"Mitt nummer {form}") == []


@pytest.mark.parametrize(
    "nine_digits",
    ["101301239", "100230239", "050492238", "080000238", "090229239"],
    ids=["month 13", "30 February", "samordningsnummer day 92", "day 00", "29 Feb 2009"],
)
def test_a_checksum_on_an_impossible_date_is_not_an_identity_number(nine_digits):
    number = with_check_digit(nine_digits)
    assert found(f"pnr {number[:6]}-{number[6:]}") == []


def test_samordningsnummer_is_told_apart_by_day_plus_60():
    assert found("Jag har samordningsnummer 050479-2383") == [("samordningsnummer", "050479-2383")]
    assert found("Jag har personnummer 100106-2395") == [("personnummer", "100106-2395")]


def test_a_samordningsnummer_with_unknown_birth_month_or_day_is_found():
    # Skatteverket writes month 00, or day 60 (00 + 60), when it does not know them.
    assert not personnummer.valid("199000742396")  # the library alone rejects these
    assert found("nr 900074-2396") == [("samordningsnummer", "900074-2396")]
    assert found("nr 19690260-2397") == [("samordningsnummer", "19690260-2397")]
    assert found("nr 900074-2397") == []


def test_a_mobile_number_that_also_passes_the_personnummer_check_is_a_phone_number():
    assert personnummer.valid("0701740607")  # the overlap this rule is about
    assert found("Sms:a 0701740607 efter skolan") == [("phone", "0701740607")]
    assert found("Sms:a 070-174 06 07 efter skolan") == [("phone", "070-174 06 07")]
    assert found("Mitt nummer 070174-0607") == [("samordningsnummer", "070174-0607")]


@pytest.mark.parametrize(
    "phone",
    [
        "070-174 06 05",
        "070-1740612",
        "0701740633",
        "070 174 06 41",
        "070-17 406 50",
        "0701-74 06 55",
        "(070) 174 06 60",
        "070.174.06.70",
        "+46 70 174 06 77",
        "+46701740688",
        "+46 (0)70-174 06 90",
        "0046 70 174 06 99",
        "08-465 004 12",
        "08-46500412",
        "031-390 06 45",
    ],
)
def test_phone_numbers_are_found_as_swedes_write_them(phone):
    assert found(f"Ring mig på {phone} efter kl 16") == [("phone", phone)]


@pytest.mark.parametrize(
    "email",
    [
        "lisa.berg@example.se",
        "Ahmed2009@example.com",
        "foralder.nilsson@skolan.example.se",
        "elin_k+ungdomsrad@example.com",
        "elin_k(at)example.com",
        "noah [at] example.se",
        "TINDRA@EXAMPLE.SE",
    ],
)
def test_email_addresses_are_found(email):
    assert found(f"Mejla {email} om ni vill veta mer.") == [("email", email)]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Jag bor på Storgatan 12 och det är mörkt där", "Storgatan 12"),
        ("Jag bor på Storgatan 12B", "Storgatan 12B"),
        ("På Storgatan 12B bor jag", "Storgatan 12B"),
        ("Hämta mig på Tallstigen 3 A ikväll", "Tallstigen 3 A"),
        ("hämta mig på skolvägen 5 efter träningen", "skolvägen 5"),
        ("Vi bor på Kvarngränd 11", "Kvarngränd 11"),
        ("Kom till Mariaplan 3", "Mariaplan 3"),
        ("Butiken på Lilla Torget 4 vill ha bänkar", "Lilla Torget 4"),
        ("Vi på Ekbacken 14 vill ha en lekplats", "Ekbacken 14"),
        ("Hon bor på Karl Johans gata 21", "Karl Johans gata 21"),
        ("Jag jobbar på Västra Långgatan 17", "Västra Långgatan 17"),
        ("Vi bor på Hamngatan nr 9", "Hamngatan nr 9"),
        ("Postadress 123 45 Storby", "123 45 Storby"),
        ("Jag flyttade till 45131 Uddevalla", "45131 Uddevalla"),
        ("skicka till 123 45 storby", "123 45 storby"),
    ],
)
def test_street_addresses_and_postnummer_with_a_town_are_found(text, address):
    assert found(text) == [("address", address)]


def test_a_full_address_is_found_as_street_and_postnummer():
    text = "Skicka det till Granitgränd 2, 761 90 Norrtälje"
    assert found(text) == [("address", "Granitgränd 2"), ("address", "761 90 Norrtälje")]


@pytest.mark.parametrize(
    "text",
    [
        "Vi har väntat på en skatepark sedan 2019.",
        "Mellan 2019 och 2024 stängde tre fritidsgårdar.",
        "Fritidsgården borde vara öppen till kl 22 på fredagar.",
        "Lunchen är kl 10.30 och det är för tidigt.",
        "Telefontiden är bara 08.00–08.30 och mellan 13:00-14:00.",
        "Kl 0800–1630 är biblioteket öppet.",
        "Vi i åk 9 vill ha fler studiebesök.",
        "Rum 12 och sal 214 är för kalla.",
        "Avslutningen är 12/3, mötet 2025-03-18 och cupen 09.03.2025.",
        "Det kostar 1 500 kr per termin, och stipendiet är 10 000 kronor.",
        "Busskortet kostar 970 kr och 50 % av oss åker buss.",
        "Storgatan är jättemörk på kvällarna.",
        "Jag har gått på Storgatan 3 gånger idag.",
        "Det är 200 meter från Parkvägen till övergångsstället.",
        "Biblioteket på plan 2 behöver fler platser.",
        "Handlingsplan 2025 säger inget om unga.",
        "Ring 112 eller BRIS på 116 111, eller 1177 om du mår dåligt.",
        "Bussen linje 150 går var 30:e minut.",
        "Kommunen har 123 450 invånare men en fritidsgård.",
        "Föreningens organisationsnummer är 802456-1234.",
        "Insamlingen har bankgiro 5050-1055.",
        "Vi var 25 000 som skrev på namninsamlingen.",
        "Fotbollsplanen är öppen 07.00-22.00.",
        "Jag har spelat i P09 i 8 år.",
        "Min mejl fungerar inte, jag skickade 3 gånger.",
        "",
    ],
)
def test_ordinary_sentences_with_numbers_pass(text):
    assert found(text) == []
    assert not looks_personal(text)


def test_findings_come_in_reading_order_with_their_positions():
    text = "Ring 070-174 06 05, mejla lisa.berg@example.se eller kom till Storgatan 12B"
    assert find_personal_data(text) == [
        Finding("phone", 5, 18),
        Finding("email", 26, 46),
        Finding("address", 62, 75),
    ]
    assert looks_personal(text)


def test_the_labelled_set_holds_only_test_numbers_and_reserved_phone_numbers():
    rows = read_tsv("personal_data_sentences.tsv")
    test_numbers = {number for _, number in TEST_NUMBERS}
    labelled = [
        part.partition("=")[::2]
        for row in rows
        if row["labels"] != "-"
        for part in row["labels"].split(" | ")
    ]
    for kind, text in labelled:
        digits = re.sub(r"\D", "", text)
        if kind in ("personnummer", "samordningsnummer"):
            assert any(number.endswith(digits) for number in test_numbers), text
        if kind == "phone" and digits.removeprefix("0046").removeprefix("46").lstrip(
            "0"
        ).startswith("7"):
            assert 1740605 <= int(digits[-7:]) <= 1740699, text
    assert len(rows) >= 200
    assert sum(row["labels"] != "-" for row in rows) >= 50
