"""Clustering quality and speed: how well Samla's themes match real categories, how fast.

On SweFAQ (Swedish, 10 categories) and BANKING77 (English, 77 categories) it prints NMI,
ARI and accuracy for (a) Samla's own number of themes, (b) the true number given, and
(c) after simulated facilitator corrections, then regrouped: (c-mistakes) one misplaced
topic per true category moved into its category's theme, as a facilitator corrects
mistakes, and (c-random) the earlier simulation of random topics fixed. Then the speed
of grouping 50, 500 and 5,000 topics, the time of one "a similar topic already exists"
check among 1,000 topics, and what the welfare vocabulary
(workshop/clustering_vocabulary.toml) changes.

    .venv/bin/python benchmarks/clustering_quality.py
    .venv/bin/python benchmarks/clustering_quality.py --data swefaq --draws 12 --quality-only

benchmarks/README.md explains each figure and how it is measured.
"""

import argparse
import csv
import itertools
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from unittest import mock

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workshop import clustering  # noqa: E402
from workshop.clustering import TopicIndex, group_topics  # noqa: E402

DATA = Path("/work/shared/data")
CORRECTION_DRAWS = 3
SEVERAL_MOVES = (3, 5)  # misplaced topics corrected per category, beside the one
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


def accuracy(categories: list[str], themes: list[int]) -> float:
    """Share of topics in the theme matched to their category (best one-to-one matching)."""
    category_ids = {c: i for i, c in enumerate(sorted(set(categories)))}
    theme_ids = {t: i for i, t in enumerate(sorted(set(themes)))}
    counts = np.zeros((len(theme_ids), len(category_ids)))
    for category, theme in zip(categories, themes):
        counts[theme_ids[theme], category_ids[category]] += 1
    rows, columns = linear_sum_assignment(-counts)
    return counts[rows, columns].sum() / len(categories)


def scores(categories: list[str], themes: list[int]) -> tuple[float, float, float]:
    """NMI, ARI and accuracy; Övrigt (theme 0) counts as one more cluster."""
    return (normalized_mutual_info_score(categories, themes),
            adjusted_rand_score(categories, themes),
            accuracy(categories, themes))


def corrections(categories: list[str], per_category: int, draw: int) -> dict[int, int]:
    """(c-random) `per_category` random topics of each true category, each category to
    theme number 1 … C (sorted category names). Samla reads a number as the theme shown
    under it, so these are moves into arbitrary shown themes, not into the right ones."""
    rng = np.random.default_rng(draw)
    labels = np.array(categories)
    fixed = {}
    for number, category in enumerate(sorted(set(categories)), start=1):
        members = np.flatnonzero(labels == category)
        for index in rng.choice(members, min(per_category, len(members)), replace=False):
            fixed[int(index)] = number
    return fixed


def majorities(categories: list[str], themes: list[int]) -> dict[int, str]:
    """Each real theme's majority category (ties: the first category name)."""
    def most(counts: Counter):
        return min(counts, key=lambda key: (-counts[key], key))

    return {theme: most(Counter(c for c, t in zip(categories, themes) if t == theme))
            for theme in set(themes) - {clustering.OTHER}}


def mistake_corrections(categories: list[str], themes: list[int], draw: int,
                        misplaced_only: bool = True, per_category: int = 1) -> dict[int, int]:
    """(c-mistakes) What a facilitator does after seeing `themes`: per true category, one
    (or `per_category`) topic in a wrong theme (Övrigt, or a theme whose majority is
    another category) moved into its category's theme: the theme holding most of the
    category's topics, or a new theme number when that theme's majority is another
    category (or all are in Övrigt). A category with no misplaced topic gets no move;
    the draw picks which misplaced topics.
    With misplaced_only=False any topic of the category is drawn: a random topic fixed in
    its category's theme, most often where it already is (c-random)."""
    rng = np.random.default_rng(draw)
    majority = majorities(categories, themes)
    new_numbers = itertools.count(max(themes) + 1)
    fixed = {}
    for category in sorted(set(categories)):
        members = [i for i, c in enumerate(categories) if c == category]
        where = Counter(themes[i] for i in members if themes[i] != clustering.OTHER)
        home = min(where, key=lambda t: (-where[t], t)) if where else None
        if misplaced_only:
            members = [i for i in members
                       if themes[i] == clustering.OTHER or majority[themes[i]] != category]
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


def perfect_followers(categories, themes: list[int], fixed: dict[int, int]) -> list[int]:
    """Bound, not Samla (it reads the true categories): the moves, and every topic of a moved
    topic's category in the moved topic's old theme follows it. What any rule of the form
    "topics near a moved one follow it" could gain at best."""
    follows = {(themes[i], categories[i]): theme for i, theme in fixed.items()}
    moved = [follows.get((theme, category), theme)
             for theme, category in zip(themes, categories)]
    return moves_alone(moved, fixed)


def quality_row(name: str, texts, categories, language, **options) -> tuple[float, ...]:
    started = time.perf_counter()
    grouping = group_topics(texts, language, **options)
    seconds = time.perf_counter() - started
    nmi, ari, acc = scores(categories, grouping.themes)
    others = grouping.themes.count(clustering.OTHER)
    print(f"  {name:<52} themes {grouping.theme_count:>3}  Övrigt {others:>3}  "
          f"NMI {nmi:.3f}  ARI {ari:.3f}  ACC {acc:.3f}  ({seconds:.1f} s)")
    return nmi, ari, acc


def corrected_rows(texts, categories, language, k, name, moves, draws) -> float:
    """Mean NMI over `draws` draws of the facilitator's moves (`moves(draw)`)."""
    nmis = []
    for draw in range(draws):
        fixed = moves(draw)
        label = f"{name}, draw {draw}, {len(fixed)} moved" + (", own k" if k is None else "")
        nmis.append(quality_row(label, texts, categories, language, k=k, fixed=fixed)[0])
    print(f"  {'':<52} mean NMI {statistics.mean(nmis):.3f} ± {statistics.pstdev(nmis):.3f}")
    return statistics.mean(nmis)


def reference_row(name: str, categories, themes_after, draws) -> None:
    """Mean NMI of `themes_after(draw)` over the draws, for themes Samla did not make."""
    nmis = [normalized_mutual_info_score(categories, themes_after(draw)) for draw in range(draws)]
    print(f"  {name:<52} mean NMI {statistics.mean(nmis):.3f} ± {statistics.pstdev(nmis):.3f}")


def quality(title: str, texts, categories, language, draws: int = CORRECTION_DRAWS) -> None:
    k = len(set(categories))
    print(f"\n{title}: {len(texts)} topics, {k} categories")
    own = quality_row("(a) Samla's own k", texts, categories, language)[0]
    given_themes = group_topics(texts, language, k=k).themes
    given = quality_row("(b) true k", texts, categories, language, k=k)[0]
    moves = [mistake_corrections(categories, given_themes, draw) for draw in range(draws)]
    mistakes = corrected_rows(texts, categories, language, k, "(c-mistakes) 1 misplaced/category",
                              lambda draw: moves[draw], draws)
    reference_row("(c-mistakes) reference: the moves alone", categories,
                  lambda draw: moves_alone(given_themes, moves[draw]), draws)
    reference_row("(c-mistakes) bound: perfect followers", categories,
                  lambda draw: perfect_followers(categories, given_themes, moves[draw]), draws)
    fixed_in_place = corrected_rows(
        texts, categories, language, k, "(c-random) 1/category, into its theme",
        lambda draw: mistake_corrections(categories, given_themes, draw, misplaced_only=False),
        draws)
    numbered = corrected_rows(
        texts, categories, language, k, "(c-random) 1/category, to theme 1…C",
        lambda draw: corrections(categories, 1, draw), draws)
    print(f"  (a) − (b) = {own - given:+.3f}   (c-mistakes) − (b) = {mistakes - given:+.3f}   "
          f"(c-random, into its theme) − (b) = {fixed_in_place - given:+.3f}   "
          f"(c-random, 1…C) − (b) = {numbered - given:+.3f}")
    for per_category in SEVERAL_MOVES:
        several = corrected_rows(
            texts, categories, language, k, f"(c-mistakes) {per_category} misplaced/category",
            lambda draw: mistake_corrections(categories, given_themes, draw,
                                             per_category=per_category), draws)
        print(f"  (c-mistakes, {per_category} per category) − (b) = {several - given:+.3f}")
    own_themes = group_topics(texts, language).themes
    corrected_rows(texts, categories, language, None, "(c-mistakes) 1 misplaced/category",
                   lambda draw: mistake_corrections(categories, own_themes, draw), draws)


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
    """NMI with and without the welfare vocabulary (true k)."""
    print("\nWelfare vocabulary (true k):")
    for title, (texts, categories) in (("hand-made welfare topics", welfare()),
                                       ("SweFAQ", swefaq())):
        k = len(set(categories))
        with_vocabulary = scores(categories, group_topics(texts, "sv", k=k).themes)[0]
        with mock.patch.object(clustering, "synonym_pattern", lambda language: None):
            without = scores(categories, group_topics(texts, "sv", k=k).themes)[0]
        print(f"  {title:<26} NMI without {without:.3f}  with {with_vocabulary:.3f}")


DATA_SETS = {
    "swefaq": ("SweFAQ dev (Swedish)", swefaq, "sv"),
    "banking77": ("BANKING77 test (English)", banking77, "en"),
}


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", nargs="+", choices=DATA_SETS, default=list(DATA_SETS),
                        help="data sets for the quality figures (default: both)")
    parser.add_argument("--draws", type=int, default=CORRECTION_DRAWS,
                        help=f"draws of simulated corrections (default {CORRECTION_DRAWS})")
    parser.add_argument("--quality-only", action="store_true",
                        help="only the quality figures: no speed, hint or vocabulary")
    return parser.parse_args()


def main() -> None:
    options = arguments()
    for name in options.data:
        title, load, language = DATA_SETS[name]
        quality(title, *load(), language, options.draws)
    if options.quality_only:
        return
    texts, categories = banking77()
    grouping_speed(texts)
    hint_speed(texts, categories)
    vocabulary_effect()


if __name__ == "__main__":
    main()
