"""Personal-data guard: precision and recall on a labelled set, the phone-or-identity-number
order, and the time per post.

    .venv/bin/python benchmarks/personal_data_guard.py
    .venv/bin/python benchmarks/personal_data_guard.py --misses    # list every miss and false alarm

1. Precision and recall per kind on tests/data/personal_data_sentences.tsv (posts labelled
   by hand), and for the decision that matters, "hold this post or not" (looks_personal).
   A finding counts when it has the labelled kind and overlaps the labelled text.
   Then the posts of real consultations nobody on this project wrote (SweFAQ questions,
   when shared/data is there, and the two Polis consultations in tests/data): every post
   the guard would hold, to be read by eye.
2. Ten bare digits that are both a Swedish mobile number and a valid identity number: how
   many of Skatteverket's test numbers the guard reads as phone numbers, and how many
   random valid Swedish mobile numbers (and PTS's fiction range 070-174 06 05…99) pass the
   personnummer checksum and date and so would be misread the other way round.
3. Microseconds per post (wall and CPU) over the labelled posts and over long posts.

benchmarks/README.md explains each figure.
"""

import argparse
import csv
import random
import sys
import time
from collections import Counter
from pathlib import Path

import phonenumbers
from personnummer import personnummer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workshop.personal_data import find_personal_data, looks_personal  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = ROOT / "tests/data/personal_data_sentences.tsv"
TEST_NUMBERS = [
    Path("/work/shared/data/skatteverket_test_identity_numbers.tsv"),  # all 1,300
    ROOT / "tests/data/skatteverket_test_identity_numbers.tsv",  # the tests' sample
]
REAL_POSTS = [
    Path("/work/shared/data/swefaq_dev.tsv"),
    ROOT / "tests/data/polis-london.youth.policing/comments.csv",
    ROOT / "tests/data/polis-bg2050-volunteers/comments.csv",
]
KINDS = ("personnummer", "samordningsnummer", "phone", "email", "address")
MOBILE_PREFIXES = ("070", "072", "073", "076", "079")
RANDOM_MOBILES = 100_000
TIMING_ROUNDS = 20


def read_tsv(path: Path) -> list[dict]:
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def labelled_posts() -> list[tuple[str, list[tuple[str, int, int]]]]:
    """(text, [(kind, start, end)]) for each labelled post."""
    posts = []
    for row in read_tsv(SENTENCES):
        labels = []
        if row["labels"] != "-":
            for part in row["labels"].split(" | "):
                kind, _, span = part.partition("=")
                start = row["text"].index(span)
                labels.append((kind, start, start + len(span)))
        posts.append((row["text"], labels))
    return posts


def quality(posts, show_misses: bool) -> None:
    counts = {kind: Counter() for kind in KINDS}
    held = Counter()
    for text, labels in posts:
        findings = find_personal_data(text)
        for kind, start, end in labels:
            hit = any(f.kind == kind and f.start < end and start < f.end for f in findings)
            counts[kind]["tp" if hit else "fn"] += 1
            if not hit and show_misses:
                print(f"  miss {kind:17} {text[start:end]!r} in {text!r}")
        for f in findings:
            if not any(f.kind == k and f.start < e and s < f.end for k, s, e in labels):
                counts[f.kind]["fp"] += 1
                if show_misses:
                    print(f"  false {f.kind:16} {text[f.start : f.end]!r} in {text!r}")
        held[(bool(labels), looks_personal(text))] += 1
    personal = sum(1 for _, labels in posts if labels)
    print(f"Labelled set: {len(posts)} posts, {personal} with personal data\n")
    print(f"{'kind':18} {'labelled':>8} {'found':>6} {'false':>6} {'precision':>9} {'recall':>7}")
    for kind in KINDS:
        c = counts[kind]
        print_row(kind, c["tp"] + c["fn"], c["tp"], c["fp"])
    total = sum((counts[kind] for kind in KINDS), Counter())
    print_row("all findings", total["tp"] + total["fn"], total["tp"], total["fp"])
    print_row("posts held", personal, held[(True, True)], held[(False, True)])


def real_posts() -> list[str]:
    """The texts of REAL_POSTS that exist: SweFAQ's second column, Polis' comment-body."""
    texts = []
    for path in filter(Path.exists, REAL_POSTS):
        if path.suffix == ".tsv":
            texts += [row["text"] for row in read_tsv(path)]
        else:
            with path.open(newline="") as file:
                texts += [row["comment-body"] for row in csv.DictReader(file)]
    return texts


def held_real_posts(texts: list[str]) -> None:
    held = [(text, find_personal_data(text)) for text in texts if looks_personal(text)]
    print(
        f"\nReal posts ({len(texts)}, of which {sum(any(c.isdigit() for c in t) for t in texts)}"
        f" with digits): {len(held)} held"
    )
    for text, findings in held:
        print(f"  {[(f.kind, text[f.start : f.end]) for f in findings]} in {text[:80]!r}")


def print_row(name: str, labelled: int, found: int, false: int) -> None:
    precision = found / (found + false) if found + false else float("nan")
    recall = found / labelled if labelled else float("nan")
    print(f"{name:18} {labelled:8} {found:6} {false:6} {precision:9.3f} {recall:7.3f}")


def identity_or_phone() -> None:
    path = next(path for path in TEST_NUMBERS if path.exists())
    numbers = read_tsv(path)
    as_phone = [row["number"] for row in numbers if kinds_in(row["number"][2:]) == ["phone"]]
    dashed = Counter(
        tuple(kinds_in(f"{n[2:8]}-{n[8:]}")) == (row["kind"],)
        for row in numbers
        for n in [row["number"]]
    )
    print(f"\nSkatteverket's test numbers ({path}, {len(numbers)}):")
    print(
        f"  written as ten bare digits, read as a phone number: {len(as_phone)}"
        f" ({len(as_phone) / len(numbers):.1%}), born {years_of(as_phone)}"
    )
    print(f"  written YYMMDD-NNNN, read as the right kind of identity number: {dashed[True]}")
    rng = random.Random(1)
    mobiles = [random_mobile(rng) for _ in range(RANDOM_MOBILES)]
    passing = [m for m in mobiles if personnummer.valid(m)]
    read_as_id = [m for m in passing if kinds_in(m) != ["phone"]]
    print(
        f"Random valid Swedish mobile numbers ({RANDOM_MOBILES:,}, prefixes"
        f" {'/'.join(MOBILE_PREFIXES)}), ten bare digits:"
    )
    print(
        f"  pass the personnummer checksum and date: {len(passing)}"
        f" ({len(passing) / len(mobiles):.2%}), prefixes {dict(Counter(m[:3] for m in passing))}"
    )
    print(f"  read by the guard as anything but a phone number: {len(read_as_id)}")
    fiction = [f"07017406{n:02}" for n in range(5, 100)]
    print(
        f"PTS's fiction range 070-174 06 05…99 ({len(fiction)} numbers): "
        f"{sum(map(personnummer.valid, fiction))} pass the personnummer check, "
        f"{sum(kinds_in(n) == ['phone'] for n in fiction)} read as phone numbers"
    )


def kinds_in(text: str) -> list[str]:
    return [finding.kind for finding in find_personal_data(text)]


def years_of(numbers: list[str]) -> str:
    return ", ".join(
        f"{year}: {count}" for year, count in sorted(Counter(n[:4] for n in numbers).items())
    )


def random_mobile(rng: random.Random) -> str:
    while True:
        digits = rng.choice(MOBILE_PREFIXES) + "".join(rng.choices("0123456789", k=7))
        number = phonenumbers.parse(digits, "SE")
        if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE:
            return digits


def speed(posts) -> None:
    texts = [text for text, _ in posts]
    long_posts = [" ".join(texts[i : i + 12]) for i in range(0, len(texts), 12)]
    print("\nTime per post (wall / CPU, mean over", TIMING_ROUNDS, "rounds):")
    for name, group in (
        ("labelled posts", texts),
        ("  without personal data", [text for text, labels in posts if not labels]),
        ("  with personal data", [text for text, labels in posts if labels]),
        (f"long posts (~{sum(map(len, long_posts)) // len(long_posts)} chars)", long_posts),
    ):
        wall, cpu = time_per_post(group)
        print(f"  {name:34} {wall:8.1f} µs / {cpu:8.1f} µs")


def time_per_post(texts: list[str]) -> tuple[float, float]:
    for text in texts:  # warm the regex and phonenumbers' metadata caches
        find_personal_data(text)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(TIMING_ROUNDS):
        for text in texts:
            find_personal_data(text)
    runs = TIMING_ROUNDS * len(texts)
    return ((time.perf_counter() - wall) / runs * 1e6, (time.process_time() - cpu) / runs * 1e6)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list misses and false alarms")
    args = parser.parse_args()
    posts = labelled_posts()
    quality(posts, args.misses)
    held_real_posts(real_posts())
    identity_or_phone()
    speed(posts)


if __name__ == "__main__":
    main()
