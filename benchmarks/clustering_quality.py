"""Clustering quality and speed: themes that match real categories, hold when new topics
come in, and carry labels a facilitator would keep.

Every quality figure is cross-validated (5 folds, several shuffles): on the training part
of each fold Samla groups with (a) its own number of themes and (b) the true number k,
then (c) a facilitator corrects 1, 3 and 5 misplaced topics per category, shown both as the
moves alone and regrouped around them ("Gruppera om allt"); the held-out part comes in as
new topics, placed live into the corrected themes (ThemePlacer, after 3 moves/category).
It prints how often a new topic lands in its category's home theme and how many old topics
moved, beside the old way (regroup everything). Then the label figure (how often a label
holds a word a facilitator would use, on tests/data/workshop_themes.toml), the speed of
grouping, placing and the similar-topic hint, and what the welfare vocabulary changes.

    .venv/bin/python benchmarks/clustering_quality.py
    .venv/bin/python benchmarks/clustering_quality.py --data swefaq --seeds 5 --quality-only

benchmarks/README.md explains each figure and how it is measured.
"""

import argparse
import csv
import itertools
import statistics
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path
from unittest import mock

import numpy as np
from sklearn.metrics import normalized_mutual_info_score
from sklearn.model_selection import KFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workshop import clustering  # noqa: E402
from workshop.clustering import (  # noqa: E402
    LABEL_SEPARATOR,
    OTHER,
    PLACING_NEIGHBOURS,
    ThemePlacer,
    TopicIndex,
    TopicReader,
    group_topics,
    inflection_of,
    label_themes,
    voted_theme,
)

DATA = Path("/work/shared/data")
LABELLED_THEMES = Path(__file__).resolve().parent.parent / "tests/data/workshop_themes.toml"
FOLDS = 5
SEEDS = {"swefaq": 3, "banking77": 1}  # shuffles of the 5 folds; BANKING77 is 28 × larger
MOVES = (1, 3, 5)  # misplaced topics a facilitator corrects per category
PLACEMENT_MOVES = 3
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0, 0.65, 0.05))
SPEED_SIZES = (50, 500, 5000)
INDEX_SIZE = 1000
CHECKS = 200

# Written for this benchmark (not reference data): sticky notes as they come in a
# municipal welfare workshop, six themes, with the synonyms participants really mix.
WELFARE_TOPICS = {
    "elevhälsa": [
        "Elevhälsan ska samarbeta med BUP",
        "Bättre samverkan mellan skola och barnpsykiatrin",
        "Kortare väntetider till barn- och ungdomspsykiatrin",
        "Skolkuratorn borde ha tid för fler samtal",
        "Elevhälsoteamet behöver en psykolog",
        "Snabbare hjälp från BUP när elever mår dåligt",
        "Skolsköterskan och kuratorn ska finnas på plats varje dag",
    ],
    "fritid": [
        "Mer personal på fritidsgården",
        "Fritidsgårdarna behöver fler anställda",
        "Längre öppettider på ungdomsgården på helger",
        "Gratis aktiviteter för unga på kvällar",
        "Ungdomsgårdar i alla stadsdelar",
        "Fler lovaktiviteter för barn och unga",
    ],
    "föräldrar": [
        "Föräldrar behöver mer information från skolan",
        "Vårdnadshavare ska bjudas in tidigt när problem uppstår",
        "Föräldrastöd i grupp för nyblivna föräldrar",
        "Bättre kontakt mellan lärare och vårdnadshavarna",
        "Tolk vid möten med föräldrarna",
        "Digital kanal där vårdnadshavaren kan följa sitt barns utveckling",
    ],
    "äldreomsorg": [
        "Samma personal i hemtjänsten varje dag",
        "Färre olika personer från hemtjänsten hos varje brukare",
        "Mer tid för samtal på äldreboendet",
        "Äldre på särskilt boende behöver komma ut oftare",
        "Kontinuitet i hemhjälpen för äldre",
        "Trygghetslarm som fungerar för äldre som bor hemma",
    ],
    "socialtjänst": [
        "Socialtjänsten och skolan behöver dela information snabbare",
        "En väg in till socialen för familjer",
        "SIP ska användas oftare när flera aktörer är inblandade",
        "Samordnad individuell plan för barn med många kontakter",
        "Individ- och familjeomsorgen borde ha kvällsöppet",
        "Färre handläggarbyten inom socialtjänsten",
    ],
    "funktionsstöd": [
        "Fler platser på LSS-boende",
        "Daglig verksamhet med meningsfulla uppgifter",
        "Kortare handläggning av ansökningar om funktionsstöd",
        "Personlig assistans även under semestern",
        "Korttidsvistelse enligt LSS för barn med funktionsnedsättning",
        "Bättre tillgänglighet i kommunens lokaler för personer med funktionsnedsättning",
    ],
}


def swefaq() -> tuple[list[str], list[str]]:
    """SweFAQ dev: a header line, then `label<TAB>text`."""
    with (DATA / "swefaq_dev.tsv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file, delimiter="\t"))
    return [row["text"] for row in rows], [row["label"] for row in rows]


def banking77() -> tuple[list[str], list[str]]:
    """BANKING77 test: a header line, then `text,category`."""
    with (DATA / "banking77_test.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return [row["text"] for row in rows], [row["category"] for row in rows]


def welfare() -> tuple[list[str], list[str]]:
    pairs = [(text, theme) for theme, texts in WELFARE_TOPICS.items() for text in texts]
    return [text for text, _ in pairs], [theme for _, theme in pairs]


def majorities(categories: list[str], themes: list[int]) -> dict[int, str]:
    """Each real theme's majority category (ties: the first category name)."""
    def most(counts: Counter):
        return min(counts, key=lambda key: (-counts[key], key))

    return {theme: most(Counter(c for c, t in zip(categories, themes) if t == theme))
            for theme in set(themes) - {OTHER}}


def mistake_corrections(categories: list[str], themes: list[int], draw: int,
                        per_category: int = 1) -> dict[int, int]:
    """What a facilitator does after seeing `themes`: per true category, `per_category`
    topics in a wrong theme (Övrigt, or a theme whose majority is another category) moved
    into its category's theme: the theme holding most of the category's topics, or a new
    theme number when that theme's majority is another category (or all are in Övrigt).
    A category with no misplaced topic gets no move; the draw picks which misplaced topics."""
    rng = np.random.default_rng(draw)
    majority = majorities(categories, themes)
    new_numbers = itertools.count(max(themes) + 1)
    fixed = {}
    for category in sorted(set(categories)):
        members = [i for i, c in enumerate(categories) if c == category]
        where = Counter(themes[i] for i in members if themes[i] != OTHER)
        home = min(where, key=lambda t: (-where[t], t)) if where else None
        members = [i for i in members if themes[i] == OTHER or majority[themes[i]] != category]
        if not members:
            continue
        if home is None or majority[home] != category:
            home = next(new_numbers)
        for index in rng.choice(members, min(per_category, len(members)), replace=False):
            fixed[int(index)] = home
    return fixed


def moves_alone(themes: list[int], fixed: dict[int, int]) -> list[int]:
    """Reference, not Samla: the shown themes with the facilitator's moves, nothing regrouped."""
    return [fixed.get(i, theme) for i, theme in enumerate(themes)]




def folds(count: int, seeds: range):
    """(seed, training indices, held-out indices): 5-fold splits, shuffled by each seed."""
    for seed in seeds:
        for train, held_out in KFold(FOLDS, shuffle=True, random_state=seed).split(range(count)):
            yield seed, train.tolist(), held_out.tolist()


def nmi(categories, themes) -> float:
    """scikit-learn's NMI (arithmetic mean); Övrigt counts as one more cluster."""
    return normalized_mutual_info_score(categories, themes)


def homes(categories: list[str], themes: list[int]) -> dict[str, int | None]:
    """Each category's home: the real theme holding most of its topics (ties: the lower
    number); None when all of them are in Övrigt."""
    found = {}
    for category in set(categories):
        where = Counter(t for t, c in zip(themes, categories) if c == category and t != OTHER)
        found[category] = min(where, key=lambda t: (-where[t], t)) if where else None
    return found


def by_theme(texts: list[str], themes: list[int]) -> dict[int, list[str]]:
    grouped = {}
    for text, theme in zip(texts, themes):
        grouped.setdefault(theme, []).append(text)
    return grouped


def chosen_threshold(texts: list[str], themes: list[int], categories: list[str],
                     language: str) -> float:
    """The placing threshold, chosen on training topics only: each topic in a theme is
    placed among the others (leave one out, ThemePlacer's vote); the highest threshold
    that places as many of them in their category's home as placing every one would.
    So a topic is left unplaced only where placing it would not have been right."""
    rows = [i for i, theme in enumerate(themes) if theme != OTHER]
    index = TopicIndex([texts[i] for i in rows], language)
    home = homes(categories, themes)
    neighbours = [[(p, s) for p, s in index.similar(texts[i], PLACING_NEIGHBOURS + 1, 0.0)
                   if p != row][:PLACING_NEIGHBOURS] for row, i in enumerate(rows)]
    member_themes = [themes[i] for i in rows]

    def right(threshold):
        return sum(voted_theme(near, member_themes, threshold) == home[categories[i]]
                   for near, i in zip(neighbours, rows))

    return max(THRESHOLDS, key=lambda threshold: (right(threshold), threshold))


def placed_live(texts, language, train, held_out, themes, threshold) -> dict[int, int | None]:
    """Every topic's theme after the held-out topics came in one by one and were placed
    live into the training topics' themes (each placed topic joins its theme)."""
    placer = ThemePlacer(by_theme([texts[i] for i in train], themes), language, threshold)
    shown = dict(zip(train, themes))
    for i in held_out:
        shown[i] = placer.place(texts[i])
        if shown[i] is not None:
            placer.add(texts[i], shown[i])
    return shown


def regrouped_all(texts, language, train, held_out, themes, fixed, k) -> dict[int, int]:
    """Reference, the way before: new topics wait for Gruppera, which regroups everything
    around the facilitator's moves (read against the themes shown)."""
    everyone = train + held_out
    grouping = group_topics([texts[i] for i in everyone], language, k=k, fixed=fixed,
                            shown=themes + [OTHER] * len(held_out))
    return dict(zip(everyone, grouping.themes))


def placement_figures(categories, train, held_out, themes, fixed, shown) -> dict[str, float]:
    """right: share of new topics in their category's home among the training topics'
    themes; unplaced: share in no theme (not placed, or Övrigt); moved: old topics the
    facilitator did not move whose theme changed (share, and count)."""
    home = homes([categories[i] for i in train], themes)
    right = [shown[i] is not None and shown[i] == home[categories[i]] for i in held_out]
    untouched = [(i, theme) for row, (i, theme) in enumerate(zip(train, themes))
                 if row not in fixed]
    moved = [shown[i] != theme for i, theme in untouched]
    return {"right": statistics.mean(right),
            "unplaced": statistics.mean(shown[i] in (None, OTHER) for i in held_out),
            "moved": statistics.mean(moved), "moved count": sum(moved)}


def fold_figures(texts, categories, language, seed, train, held_out) -> dict[str, float]:
    """Every figure of one fold (see `cross_validated`)."""
    fold_texts, fold_categories = [texts[i] for i in train], [categories[i] for i in train]
    k = len(set(fold_categories))
    given = group_topics(fold_texts, language, k=k).themes
    figures = {"(a) Samla's own k": nmi(fold_categories, group_topics(fold_texts, language).themes),
               "(b) true k": nmi(fold_categories, given)}
    for per_category in MOVES:
        fixed = mistake_corrections(fold_categories, given, seed, per_category=per_category)
        alone = moves_alone(given, fixed)
        regrouped = group_topics(fold_texts, language, k=k, fixed=fixed, shown=given).themes
        moves = f"(c) {per_category} move{'s' * (per_category > 1)}/category"
        figures[f"{moves}, the moves alone"] = nmi(fold_categories, alone)
        figures[f"{moves}, regrouped"] = nmi(fold_categories, regrouped)
        if per_category == PLACEMENT_MOVES:
            figures |= placement(texts, categories, language, train, held_out, alone, fixed, k)
    return figures


def placement(texts, categories, language, train, held_out, themes, fixed, k) -> dict:
    """Placing the held-out topics live and by regrouping, and into perfect themes."""
    threshold = chosen_threshold([texts[i] for i in train], themes,
                                 [categories[i] for i in train], language)
    live = placed_live(texts, language, train, held_out, themes, threshold)
    regrouped = regrouped_all(texts, language, train, held_out, themes, fixed, k)
    figures = {"threshold": threshold,
               "bound: right": perfect_themes(texts, categories, language, train, held_out,
                                              threshold)}
    for way, shown in (("placed live", live), ("Gruppera om allt", regrouped)):
        for name, value in placement_figures(categories, train, held_out, themes, fixed,
                                             shown).items():
            figures[f"{way}: {name}"] = value
    return figures


def perfect_themes(texts, categories, language, train, held_out, threshold) -> float:
    """Bound, not Samla: placing into perfect themes (the true categories, as if grouping
    and corrections had made no mistake), the share of new topics in their category."""
    numbers = {category: n for n, category in enumerate(sorted(set(categories)), start=1)}
    themes = [numbers[categories[i]] for i in train]
    shown = placed_live(texts, language, train, held_out, themes, threshold)
    return statistics.mean(shown[i] == numbers[categories[i]] for i in held_out)


def cross_validated(title: str, texts, categories, language, seeds: range) -> None:
    """NMI of the grouping and of the corrections on each fold's training part, and the
    placement of its held-out part; means ± population sd over the folds."""
    rows = {}
    for seed, train, held_out in folds(len(texts), seeds):
        for name, value in fold_figures(texts, categories, language, seed, train,
                                        held_out).items():
            rows.setdefault(name, []).append(value)
    print(f"\n{title}: {len(texts)} topics, {len(set(categories))} categories; {FOLDS}-fold "
          f"× seeds 0–{seeds.stop - 1} ({len(rows['(b) true k'])} folds); NMI on each "
          f"training part")
    print_grouping_rows(rows)
    print_placement_rows(rows)


def spread(values) -> str:
    return f"{statistics.mean(values):.3f} ± {statistics.pstdev(values):.3f}"


def print_grouping_rows(rows: dict[str, list[float]]) -> None:
    given = statistics.mean(rows["(b) true k"])
    for name in [name for name in rows if name.startswith("(")]:
        gain = f"   ({statistics.mean(rows[name]) - given:+.3f} over (b))" \
            if name.startswith("(c)") else ""
        print(f"  {name:<46} NMI {spread(rows[name])}{gain}")


def print_placement_rows(rows: dict[str, list[float]]) -> None:
    thresholds = ", ".join(f"{t:.2f} ×{n}" for t, n in sorted(Counter(rows["threshold"]).items()))
    print(f"  held-out topics coming in after {PLACEMENT_MOVES} moves/category "
          f"(placing threshold chosen on each training part: {thresholds}):")
    for way in ("placed live", "Gruppera om allt"):
        print(f"    {way:<17} in their category's home {spread(rows[f'{way}: right'])}; "
              f"in no theme {spread(rows[f'{way}: unplaced'])}; untouched old topics moved "
              f"{spread(rows[f'{way}: moved'])} ({sum(rows[f'{way}: moved count'])} in all)")
    print(f"    {'bound':<17} placed live into perfect themes (the true categories): in their "
          f"category {spread(rows['bound: right'])}")


def labelled_themes() -> list[dict]:
    with LABELLED_THEMES.open("rb") as file:
        return tomllib.load(file)["theme"]


def label_has_expected_word(label: str, expected: list[str], reader: TopicReader) -> bool:
    """A label holds a facilitator's word when, for one expected entry, each of its telling
    words ("tidiga insatser": tidiga, insatser) is a label word with the same label key or
    an inflection of it ("förskolan" for "förskola")."""
    keys = {reader.key(word) for word in label.split(LABEL_SEPARATOR)}

    def found(key):
        return any(key == k or inflection_of(key, k) or inflection_of(k, key) for k in keys)

    return any(all(found(reader.key(word)) for word in clustering.WORD_PATTERN.findall(entry)
                   if reader.tells(word)) for entry in expected)


def label_quality() -> None:
    """How often a theme's label holds a word a facilitator would use, for the true themes
    of tests/data/workshop_themes.toml (labels alone, not the grouping)."""
    themes = labelled_themes()
    texts = [note for theme in themes for note in theme["notes"]]
    numbers = [n for n, theme in enumerate(themes, start=1) for _ in theme["notes"]]
    labels = label_themes(texts, numbers, "sv")
    reader = TopicReader("sv")
    print(f"\nLabels of {len(themes)} hand-written Swedish workshop themes "
          f"({LABELLED_THEMES.name}):")
    for split in ("dev", "test"):
        hits = [label_has_expected_word(labels[n], theme["words"], reader)
                for n, theme in enumerate(themes, start=1) if theme["split"] == split]
        print(f"  {split:<4} label holds a facilitator's word: {sum(hits)}/{len(hits)} "
              f"({statistics.mean(hits):.2f})")
    for n, theme in enumerate(themes, start=1):
        print(f"    {theme['split']:<4} {labels[n]:<40} facilitator: {', '.join(theme['words'])}")


def grouping_speed(texts: list[str]) -> None:
    """Seconds to group n topics drawn from `texts` with replacement (Samla's own k)."""
    rng = np.random.default_rng(0)
    group_topics(texts[:20], "en")  # imports and first-call set-up are not part of a grouping
    print("\nSpeed of group_topics (BANKING77 texts drawn with replacement, Samla's own k):")
    for size in SPEED_SIZES:
        sample = [texts[i] for i in rng.integers(0, len(texts), size)]
        started = time.perf_counter()
        grouping = group_topics(sample, "en")
        seconds = time.perf_counter() - started
        print(f"  {size:>5} topics: {seconds:6.2f} s  ({grouping.theme_count} themes)")


def placing_speed(texts: list[str]) -> None:
    """Building a ThemePlacer on n grouped topics, and placing 200 new ones one by one
    (each placed topic added), per topic."""
    rng = np.random.default_rng(0)
    print("\nSpeed of ThemePlacer (BANKING77 texts drawn with replacement):")
    for size in SPEED_SIZES[1:]:
        sample = [texts[i] for i in rng.integers(0, len(texts), size)]
        themes = group_topics(sample, "en").themes
        started = time.perf_counter()
        placer = ThemePlacer(by_theme(sample, themes), "en")
        build = time.perf_counter() - started
        times = []
        for i in rng.integers(0, len(texts), CHECKS):
            started = time.perf_counter()
            theme = placer.place(texts[i])
            if theme is not None:
                placer.add(texts[i], theme)
            times.append((time.perf_counter() - started) * 1000)
        p50, p95 = np.percentile(times, [50, 95])
        print(f"  {size:>5} topics: build {build * 1000:.0f} ms; place + add p50 {p50:.1f} ms, "
              f"p95 {p95:.1f} ms")


def hint_speed(texts: list[str], categories: list[str]) -> None:
    """Per-check time of the similar-topic hint among INDEX_SIZE topics, and how often the
    best hint has the same category as the topic being typed, per threshold."""
    order = np.random.default_rng(0).permutation(len(texts))
    existing, typed = order[:INDEX_SIZE], order[INDEX_SIZE:INDEX_SIZE + CHECKS]
    started = time.perf_counter()
    index = TopicIndex([texts[i] for i in existing], "en")
    index.similar("warm up")
    build = time.perf_counter() - started
    times, best = [], []
    for i in typed:
        started = time.perf_counter()
        index.similar(texts[i])
        times.append((time.perf_counter() - started) * 1000)
        best.append(index.similar(texts[i], limit=1, threshold=0.0))
    started = time.perf_counter()
    index.add(texts[typed[0]])
    index.similar(texts[typed[1]])
    after_add = (time.perf_counter() - started) * 1000
    p50, p95 = np.percentile(times, [50, 95])
    print(f"\nSimilar-topic hint, {INDEX_SIZE} existing topics (BANKING77), {CHECKS} checks:")
    print(f"  build index {build * 1000:.0f} ms; check p50 {p50:.2f} ms, p95 {p95:.2f} ms; "
          f"add + next check {after_add:.1f} ms")
    for threshold in (0.5, 0.6, 0.7, 0.8):
        hints = [(hint[0][0], i) for hint, i in zip(best, typed)
                 if hint and hint[0][1] >= threshold]
        same = sum(categories[existing[position]] == categories[i] for position, i in hints)
        chosen = "  (default)" if threshold == clustering.SIMILAR_THRESHOLD else ""
        print(f"  threshold {threshold}: a hint for {len(hints):>3}/{CHECKS} typed topics, "
              f"best hint same category in {same}/{len(hints)}{chosen}")


def vocabulary_effect() -> None:
    """NMI with and without the welfare vocabulary (true k, whole data set)."""
    print("\nWelfare vocabulary (true k):")
    for title, (texts, categories) in (("hand-made welfare topics", welfare()),
                                       ("SweFAQ", swefaq())):
        k = len(set(categories))
        with_vocabulary = nmi(categories, group_topics(texts, "sv", k=k).themes)
        with mock.patch.object(clustering, "synonym_pattern", lambda language: None):
            without = nmi(categories, group_topics(texts, "sv", k=k).themes)
        print(f"  {title:<26} NMI without {without:.3f}  with {with_vocabulary:.3f}")


DATA_SETS = {
    "swefaq": ("SweFAQ dev (Swedish)", swefaq, "sv"),
    "banking77": ("BANKING77 test (English)", banking77, "en"),
}


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", nargs="+", choices=DATA_SETS, default=list(DATA_SETS),
                        help="data sets for the quality figures (default: both)")
    parser.add_argument("--seeds", type=int,
                        help="shuffles of the 5 folds (default: SweFAQ 3, BANKING77 1)")
    parser.add_argument("--quality-only", action="store_true",
                        help="only the cross-validated figures: no labels, speed, hint or "
                        "vocabulary")
    return parser.parse_args()


def main() -> None:
    options = arguments()
    for name in options.data:
        title, load, language = DATA_SETS[name]
        cross_validated(title, *load(), language, range(options.seeds or SEEDS[name]))
    if options.quality_only:
        return
    label_quality()
    texts, categories = banking77()
    grouping_speed(texts)
    placing_speed(texts)
    hint_speed(texts, categories)
    vocabulary_effect()


if __name__ == "__main__":
    main()
