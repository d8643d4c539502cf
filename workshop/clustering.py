"""Themes from topics: Samla groups participants' sticky notes by what they say.

Pure text in, themes out; no web or database code. How a grouping is made:

1. Each topic is read as its content words: welfare synonyms unified (BUP, barnpsykiatrin …),
   stop words dropped, Snowball stems (`TopicReader`).
2. The stems become character n-gram TF-IDF, reduced by LSA to a "topic space" where
   similar topics point the same way. Character n-grams catch what stems miss in Swedish:
   compounds and inflections ("fritidsgårdarna" / "fritidsgård", "barnpsykiatrin" /
   "psykiatri").
3. Twenty k-means runs vote on which topics belong together and average linkage cuts
   their votes into k themes; one run depends on its random start, the vote of twenty is
   steadier and better (numbers in benchmarks/README.md).
4. k-means settles every topic around those themes' centres, then each topic joins the
   theme most of its nearest neighbours are in. After the facilitator has moved topics,
   regrouping starts from the themes Samla showed, with the moved topics where they were
   put: they count in their new theme's centre and no longer in their old one's, k-means
   settles again (topics near a moved one may follow it), and a topic left alone in its
   old theme follows its most similar topic.
5. Topics that fit nowhere go to Övrigt, and each theme is labelled with its most telling
   words as participants wrote them ("föräldrar", not the vocabulary's "vårdnadshavare"),
   never with a negation ("inte") or other word that names nothing.

`TopicIndex` answers "does a similar topic already exist?" while a participant types.
"""

import itertools
import math
import os
import re
import tomllib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sparse
import snowballstemmer
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
    HashingVectorizer,
    TfidfVectorizer,
)
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from workshop.text import fold_key, twin_key

OTHER = 0
OTHER_LABELS = {"sv": "Övrigt", "en": "Other"}
LABEL_SEPARATOR = " · "
VOCABULARY_PATH = Path(__file__).with_name("clustering_vocabulary.toml")

RANDOM_STATE = 0
VOTING_RUNS = 20
SILHOUETTE_SAMPLE = 2000
MOST_DIMENSIONS = 100
NEIGHBOURS = 10
# A topic whose similarity to the rest of its theme is below this shares next to nothing
# with it: half of all theme members score above 0.6 (SweFAQ) or 0.75 (BANKING77), and
# fewer than one in a hundred below 0.2.
OUTLIER_SIMILARITY = 0.15
# Measured on BANKING77 (benchmarks/README.md): at 0.6 three in four hints share the typed
# topic's category; lower, hints turn into noise in a room where every topic is on one subject.
SIMILAR_THRESHOLD = 0.6
HASHED_FEATURES = 2**18
SPACE_NGRAMS = ((3, 5), (2, 4))
INDEX_NGRAMS = (3, 5)

SNOWBALL_LANGUAGES = {"sv": "swedish", "en": "english"}

# Function words (Snowball's Swedish list and a few more) plus words every workshop
# proposal uses ("bättre", "behöver"). Negations stay: "inte tillräckligt" is not
# "tillräckligt".
SWEDISH_STOP_WORDS = frozenset("""
    alla allt alltså andra annan annat att av bara bli blir blev blivit bör både de dem
    den denna deras dess dessa det detta dig din dina ditt dock du där då efter eftersom
    eller en enligt er era ert ett finns fanns fler få får fått för från genom gjort gör
    göra ha hade han hans har hela henne hennes hon honom hos hur här i igen in inom ingen
    jag ju kan kanske kommer kunde kunna man med mellan men mer mera mig min mina mitt mot
    mycket måste ned ni nu när någon något några och också om oss på samma samt se sedan
    sig sin sina sitta själv skall ska skulle som så sådan sådana sånt till under upp ut
    utom vad var vara varför varit varje vars vart vem vi vid vilka vilkas vilken vilket
    vår våra vårt än är även åt över
    behöver behövs bättre bra flera många ny nya viktigt
""".split())

# scikit-learn's list drops negations and words with meaning ("amount", "bill", "interest",
# "system", "top", "call", "back", "full" …); those stay.
ENGLISH_KEPT_WORDS = frozenset("""
    no not nor never cannot nothing none nobody without amount bill interest system fire top
    call move name detail empty full find found fill keep give show put take back front side
    part off out up down again still already first last
""".split())
STOP_WORDS = {
    "sv": SWEDISH_STOP_WORDS,
    "en": frozenset(ENGLISH_STOP_WORDS) - ENGLISH_KEPT_WORDS,
}
# Kept for comparing topics, but they name nothing: a theme of two notes saying "inte" is
# not about "inte". English contractions split at the apostrophe ("didn't" → "didn", "t").
UNTELLING_WORDS = frozenset("""
    inte icke ej utan aldrig inga inget ingenting
    no not nor never cannot nothing none nobody without again still already
    isn aren wasn weren don doesn didn haven hasn hadn won wouldn couldn shouldn mustn needn
    ain ve ll re
""".split())
WORD_PATTERN = re.compile(r"\w+")


@dataclass(frozen=True)
class Word:
    """A content word: the stem Samla compares it by (after the vocabulary), the word as
    the participant wrote it, and the stem of that written form ("föräldrarna" is compared
    as "vårdnadshavare" but belongs to the family "föräldr")."""

    stem: str
    surface: str
    family: str


@dataclass(frozen=True)
class Grouping:
    """Themes for a list of topics.

    `themes[i]` is the theme number of topic i; OTHER (0) is Övrigt, the topics that fit
    nowhere. `labels` names every theme that has topics, Övrigt included. `theme_count` is
    the number of real themes (Övrigt not counted).
    """

    themes: list[int]
    labels: dict[int, str]
    theme_count: int

    def members(self, theme: int) -> list[int]:
        """Indices of the topics in a theme, in input order."""
        return [index for index, number in enumerate(self.themes) if number == theme]


@lru_cache
def vocabulary(language: str) -> dict[str, str]:
    """Variant (lower case) → the word Samla reads it as, from clustering_vocabulary.toml."""
    with VOCABULARY_PATH.open("rb") as file:
        entries = tomllib.load(file).get(language, {})
    return {variant.lower(): word for word, variants in entries.items() for variant in variants}


@lru_cache
def synonym_pattern(language: str) -> re.Pattern | None:
    variants = sorted(vocabulary(language), key=len, reverse=True)
    if not variants:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, variants)) + r")(?!\w)", re.I)


class TopicReader:
    """Reads topics the way Samla compares them: synonyms unified, stop words out, stems.

    Holds a Snowball stemmer, which is not thread-safe: one reader per thread.
    """

    def __init__(self, language: str = "sv"):
        if language not in SNOWBALL_LANGUAGES:
            raise ValueError(f"No stemmer for language {language!r}")
        self.language = language
        self.stop_words = STOP_WORDS[language]
        self.synonyms = synonym_pattern(language)
        self.stemmer = snowballstemmer.stemmer(SNOWBALL_LANGUAGES[language])
        self.stems: dict[str, str] = {}

    def read_as(self, text: str) -> Iterator[tuple[str, str]]:
        """Each word as written and as read: a vocabulary variant ("barnpsykiatrin",
        "barn- och ungdomspsykiatrin") is read as its word ("BUP")."""
        words, position = vocabulary(self.language), 0
        for match in self.synonyms.finditer(text) if self.synonyms else ():
            for word in WORD_PATTERN.findall(text[position:match.start()]):
                yield word, word
            yield match.group(0), words[match.group(0).lower()]
            position = match.end()
        for word in WORD_PATTERN.findall(text[position:]):
            yield word, word

    def words(self, text: str) -> list[Word]:
        """The topic's content words, in the order written."""
        return [
            Word(self.stem(read.lower()), written, self.stem(written.lower()))
            for written, read in self.read_as(text)
            if read.lower() not in self.stop_words and not read.isdigit()
        ]

    def stem(self, word: str) -> str:
        # Topics repeat the same few hundred words; the pure-Python stemmer is the slow part.
        if word not in self.stems:
            self.stems[word] = self.stemmer.stemWord(word)
        return self.stems[word]

    def stemmed(self, text: str) -> str:
        """The topic as the stems it is compared by."""
        return " ".join(word.stem for word in self.words(text))


def group_topics(
    texts: list[str],
    language: str = "sv",
    k: int | None = None,
    fixed: dict[int, int] | None = None,
) -> Grouping:
    """Group topics into themes; the same input always gives the same themes.

    `k` is the number of themes the facilitator asks for; None lets Samla choose. There is
    always at least one theme per facilitator theme, and a theme can empty out (its topics
    joining neighbours or Övrigt), so `theme_count` may end up below k.
    `fixed` maps a topic's index to the theme number the facilitator put it in (OTHER for
    Övrigt): those topics stay exactly there, and the others are regrouped around them.
    The numbers are the ones the facilitator saw, Samla's grouping of the same texts and
    k without `fixed` (Samla computes it again: the same input gives the same themes);
    a number not in it is a new theme. Samla's own themes get the lowest free numbers,
    largest theme first.
    """
    fixed = dict(fixed or {})
    if any(not 0 <= index < len(texts) for index in fixed):
        raise ValueError("fixed refers to a topic that is not in texts")
    reader = TopicReader(language)
    words = [reader.words(text) for text in texts]
    space = topic_space([" ".join(word.stem for word in topic) for topic in words])
    # Topics with no words in common with any other, and those put in Övrigt, sit out.
    grouped = [i for i in range(len(texts)) if space[i].any() and fixed.get(i) != OTHER]
    row_of = {index: row for row, index in enumerate(grouped)}
    fixed_rows = {row_of[index]: theme for index, theme in fixed.items() if index in row_of}
    own_themes = themes_for(space[grouped], fixed_rows, k)
    themes = numbered_themes(len(texts), grouped, own_themes, fixed)
    return Grouping(
        themes=themes,
        labels=theme_labels(words, themes, texts, language),
        theme_count=len(set(themes) - {OTHER}),
    )


def topic_space(documents: list[str]) -> np.ndarray:
    """Each topic as a unit vector: LSA of character n-gram TF-IDF on its stems, at two
    granularities (3–5 and 2–4 characters) side by side.

    An n-gram counts only when at least two topics share it; a topic sharing none with
    any other topic is a zero vector, which nothing is similar to.
    """
    if not documents:
        return np.zeros((0, 1), dtype=np.float32)
    views = [lsa_view(documents, ngrams) for ngrams in SPACE_NGRAMS]
    return normalize(np.hstack(views)).astype(np.float32)


def lsa_view(documents: list[str], ngrams: tuple[int, int]) -> np.ndarray:
    count = len(documents)
    vectoriser = TfidfVectorizer(
        analyzer="char_wb", ngram_range=ngrams, sublinear_tf=True, min_df=min(2, count))
    try:
        tfidf = vectoriser.fit_transform(documents)
    except ValueError:  # no n-gram at all: every topic was stop words only
        return np.zeros((count, 1))
    dimensions = min(MOST_DIMENSIONS, max(10, count // 4), count - 1, tfidf.shape[1] - 1)
    if dimensions < 2:
        return normalize(tfidf).toarray()
    return normalize(TruncatedSVD(dimensions, random_state=RANDOM_STATE).fit_transform(tfidf))


def themes_for(space: np.ndarray, fixed_rows: dict[int, int], k: int | None) -> list[int | str]:
    """A theme per row of `space`: a facilitator's theme number, or Samla's own ("s0" …).

    Samla's own themes are named by strings so they can never be confused with the
    facilitator's numbers; unfixed topics that fit nowhere get OTHER.
    """
    if len(space) == 0:
        return []
    count = theme_count(space, k)
    labels = samla_themes(space, count)
    facilitator_themes = sorted(set(fixed_rows.values()))
    if fixed_rows:
        start, count = start_from_shown(shown_numbers(labels), fixed_rows, facilitator_themes)
        pinned = {row: facilitator_themes.index(theme) for row, theme in fixed_rows.items()}
        labels = settle(space, start, pinned, count)
        labels = without_left_behind(space, labels, pinned)
        labels = neighbour_vote(space, labels, pinned, count)
        labels = with_outliers_apart(space, labels, pinned)
    return [
        OTHER if index < 0 else
        facilitator_themes[index] if index < len(facilitator_themes) else f"s{index}"
        for index in labels
    ]


def samla_themes(space: np.ndarray, count: int) -> np.ndarray:
    """Samla's own grouping, without the facilitator: row → theme 0 … count-1, or -1."""
    labels = settle(space, agreed_partition(space, count), {}, count)
    labels = neighbour_vote(space, labels, {}, count)
    return with_outliers_apart(space, labels, {})


def theme_count(space: np.ndarray, k: int | None) -> int:
    """How many themes to make: the facilitator's k, or Samla's choice (at most one per
    distinct topic)."""
    distinct = len(np.unique(space.round(6), axis=0))
    wanted = chosen_theme_count(space, distinct) if k is None else k
    return max(1, min(wanted, distinct))


def chosen_theme_count(space: np.ndarray, distinct: int) -> int:
    """Samla's own k: the fewest themes whose silhouette is within 5 % of the best.

    Candidates run from 2 to √(2n) themes (a wall of 50 sticky notes is read as at most
    10 themes). Silhouette keeps creeping up as themes get smaller, so among nearly equal
    scores the fewer, larger themes a facilitator can work with win. Above 2,000 topics
    the candidates are tried on a fixed sample of 2,000, which is plenty to compare them.
    """
    most = min(round(math.sqrt(2 * len(space))), distinct - 1)
    if most < 2:
        return 1
    if len(space) > SILHOUETTE_SAMPLE:
        rng = np.random.default_rng(RANDOM_STATE)
        space = space[np.sort(rng.choice(len(space), SILHOUETTE_SAMPLE, replace=False))]
    candidates = sorted({round(k) for k in np.geomspace(2, most, num=10)})
    scores = {k: silhouette(space, k) for k in candidates}
    best = max(scores.values())
    return min(k for k, score in scores.items() if score >= best - 0.05 * abs(best))


def silhouette(space: np.ndarray, k: int) -> float:
    labels = KMeans(k, n_init=1, random_state=RANDOM_STATE).fit_predict(space)
    if len(set(labels)) < 2:
        return -1.0
    return silhouette_score(space, labels, metric="cosine")


def agreed_partition(space: np.ndarray, k: int) -> np.ndarray:
    """The k themes that repeated k-means runs agree on (average linkage on their votes)."""
    if k <= 1:
        return np.zeros(len(space), dtype=int)
    together = np.zeros((len(space), len(space)), dtype=np.float32)
    for run in range(VOTING_RUNS):
        labels = KMeans(k, n_init=1, random_state=RANDOM_STATE + run).fit_predict(space)
        together += labels[:, None] == labels[None, :]
    linkage = AgglomerativeClustering(k, metric="precomputed", linkage="average")
    return linkage.fit_predict(1 - together / VOTING_RUNS)


def shown_numbers(labels: np.ndarray) -> np.ndarray:
    """Samla's own themes by the numbers the facilitator saw: 1 … largest first, ties by
    the earliest topic (as `numbered_themes` gives them), OTHER for Övrigt."""
    sizes = Counter(int(label) for label in labels if label >= 0)
    first = {label: int(np.argmax(labels == label)) for label in sizes}
    order = sorted(sizes, key=lambda label: (-sizes[label], first[label]))
    number = {label: n for n, label in enumerate(order, start=1)}
    return np.array([number.get(int(label), OTHER) for label in labels])


def start_from_shown(shown, fixed_rows, facilitator_themes) -> tuple[np.ndarray, int]:
    """Where regrouping starts: the themes the facilitator saw, with the moved topics where
    they were put.

    The facilitator's theme numbers are the ones on screen: theme 3 is the theme shown as
    3, with its other topics (a number not shown is a new theme holding only the topics
    put there). They become themes 0 … f-1; the shown themes the facilitator did not use
    follow as Samla's own. Topics in Övrigt start in no theme (-1).
    """
    index = {theme: i for i, theme in enumerate(facilitator_themes)}
    for theme in sorted(set(shown.tolist()) - set(facilitator_themes) - {OTHER}):
        index[theme] = len(index)
    start = np.array([index.get(int(theme), -1) for theme in shown])
    for row, theme in fixed_rows.items():
        start[row] = index[theme]
    return start, len(index)


def settle(space: np.ndarray, start: np.ndarray, pinned: dict[int, int], k: int) -> np.ndarray:
    """k-means from starting themes (-1: none yet), the facilitator's topics pinned to theirs.

    A moved topic counts in its new theme's centre like any other member, and is taken out
    of its old theme's centre.
    """
    rows, themes = np.array(list(pinned), dtype=int), np.array(list(pinned.values()), dtype=int)
    labels, centres = start, np.zeros((k, space.shape[1]))
    for _ in range(100):
        moved = theme_centres(space, labels, centres)
        if np.allclose(moved, centres):
            break
        centres = moved
        labels = (space @ centres.T).argmax(axis=1)
        labels[rows] = themes
    return labels


def without_left_behind(space, labels, pinned) -> np.ndarray:
    """A topic left alone in its theme (its peers moved away) follows its most similar
    topic into that one's theme, instead of going to Övrigt for being alone."""
    sizes = np.bincount(labels, minlength=labels.max() + 1)
    alone = [row for row in np.flatnonzero(sizes[labels] == 1) if row not in pinned]
    labels = labels.copy()
    for row in alone:
        similarity = space @ space[row]
        similarity[labels == labels[row]] = -np.inf
        if np.isfinite(similarity.max()):
            labels[row] = labels[similarity.argmax()]
    return labels


def theme_centres(space, labels, previous) -> np.ndarray:
    """The normalised mean of each theme's topics; an empty theme keeps its old centre."""
    centres = previous.copy()
    for theme in np.unique(labels[labels >= 0]):
        centres[theme] = space[labels == theme].mean(axis=0)
    return normalize(centres)


def neighbour_vote(space, labels, pinned, k) -> np.ndarray:
    """Each topic joins the theme most of its nearest neighbours are in (three rounds).

    Smooths the ragged borders k-means leaves. A topic's own theme counts one and a half
    votes, and with small themes fewer neighbours are asked, so a pair stays a pair.
    """
    neighbours = min(NEIGHBOURS, len(space) // (2 * k))
    if neighbours < 2:
        return labels
    similarity = space @ space.T
    np.fill_diagonal(similarity, -np.inf)
    nearest = np.argpartition(-similarity, neighbours, axis=1)[:, :neighbours]
    rows = np.arange(len(space))
    pinned_rows, pinned_themes = list(pinned), list(pinned.values())
    for _ in range(3):
        votes = np.zeros((len(space), k))
        for column in nearest.T:
            np.add.at(votes, (rows, labels[column]), 1)
        votes[rows, labels] += 1.5
        labels = votes.argmax(axis=1)
        labels[pinned_rows] = pinned_themes
    return labels


def with_outliers_apart(space, labels, pinned) -> np.ndarray:
    """Unpinned topics that fit nowhere get -1 (Övrigt).

    A topic fits nowhere when it is alone in its theme, or when its cosine similarity to
    the centre of the rest of its theme is below OUTLIER_SIMILARITY.
    """
    rows = np.arange(len(space))
    outliers = [
        row for row in rows if row not in pinned
        and fits_nowhere(space[row], space[(labels == labels[row]) & (rows != row)])
    ]
    labels = labels.copy()
    labels[outliers] = -1
    return labels


def fits_nowhere(topic: np.ndarray, rest_of_theme: np.ndarray) -> bool:
    if len(rest_of_theme) == 0:
        return True
    centre = rest_of_theme.mean(axis=0)
    norm = np.linalg.norm(centre)
    return not norm or centre @ topic / norm < OUTLIER_SIMILARITY


def numbered_themes(count, grouped, own_themes, fixed) -> list[int]:
    """Final theme numbers: the facilitator's stay; Samla's own get the lowest free
    numbers, largest theme first, ties by the earliest topic."""
    themes = [OTHER] * count
    for row, theme in zip(grouped, own_themes):
        themes[row] = theme
    for index, theme in fixed.items():
        themes[index] = theme
    sizes = Counter(theme for theme in themes if isinstance(theme, str))
    first = {theme: themes.index(theme) for theme in sizes}
    order = sorted(sizes, key=lambda theme: (-sizes[theme], first[theme]))
    taken = set(fixed.values())
    free = (number for number in itertools.count(1) if number not in taken)
    numbers = dict(zip(order, free))
    return [numbers.get(theme, theme) for theme in themes]


def theme_labels(words, themes, texts, language) -> dict[int, str]:
    """A label per theme: its two or three most telling words, as participants wrote them."""
    words = [[word for word in topic if names_something(word)] for topic in words]
    document_frequency = Counter(stem for topic in words for stem in {w.stem for w in topic})
    labels = {}
    for theme in sorted(set(themes)):
        members = [i for i, number in enumerate(themes) if number == theme]
        if theme == OTHER:
            labels[theme] = OTHER_LABELS.get(language, OTHER_LABELS["en"])
        else:
            chosen = telling_words([words[i] for i in members], document_frequency, len(words))
            labels[theme] = LABEL_SEPARATOR.join(chosen) or texts[members[0]][:40]
    return labels


def names_something(word: Word) -> bool:
    return len(word.surface) > 1 and word.surface.lower() not in UNTELLING_WORDS


def telling_words(topics: list[list[Word]], document_frequency: Counter, total: int) -> list[str]:
    """Up to three words: common in the theme (share of its topics) and rare elsewhere (idf).

    A word must appear in two of the theme's topics, unless that leaves fewer than two;
    a word of the same family as one already chosen ("vaccin", "vaccinering") is skipped.
    """
    coverage = Counter(stem for topic in topics for stem in dict.fromkeys(w.stem for w in topic))

    def telling(stem):
        idf = math.log((1 + total) / (1 + document_frequency[stem]))
        return (-coverage[stem] / len(topics) * idf, stem)

    ranked = sorted(coverage, key=telling)
    chosen = unrelated_stems(stem for stem in ranked if coverage[stem] >= 2)[:3]
    if len(chosen) < 2:
        chosen = unrelated_stems(chosen + ranked)[:2]
    return [written_form([w for topic in topics for w in topic if w.stem == stem])
            for stem in chosen]


def unrelated_stems(stems) -> list[str]:
    kept = []
    for stem in stems:
        if not any(one_family(stem, other) for other in kept):
            kept.append(stem)
    return kept


def one_family(stem: str, other: str) -> bool:
    # One extends the other ("vaccin" / "vaccinering") or they share six letters
    # ("vaccination" / "vaccinering"); under four letters a shared start is chance.
    shared = len(os.path.commonprefix([stem, other]))
    return shared >= 6 or shared >= 4 and shared == min(len(stem), len(other))


def written_form(written: list[Word]) -> str:
    """How participants wrote a word most often, not how the vocabulary reads it.

    First the family written most often ("föräldrar", "föräldrarna" and "förälder" against
    one "vårdnadshavare"; a tie goes to the vocabulary's word), then its most frequent
    form, the shortest on a tie; lower case unless it is an acronym.
    """
    leader = {}
    for family in dict.fromkeys(word.family for word in written):
        leader[family] = next((f for f in leader.values() if one_family(f, family)), family)
    families = Counter(leader[word.family] for word in written)
    stem = written[0].stem
    chosen = min(families, key=lambda f: (-families[f], f != stem and not one_family(f, stem), f))
    forms = Counter(
        word.surface if word.surface.isupper() and len(word.surface) > 1 else word.surface.lower()
        for word in written if leader[word.family] == chosen)
    return min(forms, key=lambda form: (-forms[form], len(form), form))


class TopicIndex:
    """The topics already posted, ready to be compared with the one being typed.

    Built once and grown with `add()`; a check hashes the new text's character n-grams
    (no vectoriser is fitted) and does one sparse product, so it stays fast per keystroke.
    Not thread-safe: keep one index per workshop and use it from one thread.
    """

    def __init__(self, texts: Sequence[str] = (), language: str = "sv"):
        self.reader = TopicReader(language)
        self.folded_stop_words = {fold_key(word) for word in self.reader.stop_words}
        self.hasher = HashingVectorizer(
            analyzer="char_wb", ngram_range=INDEX_NGRAMS, n_features=HASHED_FEATURES,
            alternate_sign=False, norm=None)
        self.counts = sparse.csr_matrix((0, HASHED_FEATURES))
        self.pending = []
        self.size = 0
        self.document_frequency = np.zeros(HASHED_FEATURES)
        self.weighted = None
        self.extend(texts)

    def __len__(self) -> int:
        return self.size

    def add(self, text: str) -> int:
        """Index a newly posted topic; returns its position in the index."""
        self.extend([text])
        return len(self) - 1

    def extend(self, texts: Sequence[str]) -> None:
        """Index several topics at once."""
        if not texts:
            return
        counts = self.term_counts(texts)
        self.pending.append(counts)
        self.size += counts.shape[0]
        self.document_frequency += np.bincount(counts.indices, minlength=HASHED_FEATURES)
        self.weighted = None

    def term_counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        counts = self.hasher.transform([self.compared_form(text) for text in texts]).tocsr()
        counts.data = 1 + np.log(counts.data)
        return counts

    def compared_form(self, text: str) -> str:
        """The topic's stems, diacritic-folded: "fler grona ytor pa skolgarden" reads as
        "Fler gröna ytor på skolgården". Stemmed before folding (the stemmer and the stop
        words know å, ä, ö); a word typed without them that folds to a stop word ("pa" for
        "på") is a stop word too."""
        folded = (fold_key(word.stem) for word in self.reader.words(twin_key(text))
                  if fold_key(word.surface) not in self.folded_stop_words)
        return " ".join(folded)

    def similar(self, text: str, limit: int = 3,
                threshold: float = SIMILAR_THRESHOLD) -> list[tuple[int, float]]:
        """Indexed topics similar to `text`: (position, cosine similarity), best first."""
        if len(self) == 0:
            return []
        matrix, idf = self.weighted_matrix()
        query = normalize(self.term_counts([text]).multiply(idf).tocsr())
        scores = (matrix @ query.T).toarray().ravel()
        best = np.argsort(-scores, kind="stable")[:limit]
        return [(int(i), round(float(scores[i]), 3)) for i in best if scores[i] >= threshold]

    def weighted_matrix(self) -> tuple[sparse.csr_matrix, np.ndarray]:
        """TF-IDF rows of the indexed topics, rebuilt only after topics were added."""
        if self.pending:
            self.counts = sparse.vstack([self.counts, *self.pending]).tocsr()
            self.pending = []
        if self.weighted is None:
            idf = np.log((1 + len(self)) / (1 + self.document_frequency)) + 1
            self.weighted = normalize(self.counts.multiply(idf).tocsr()), idf
        return self.weighted


def similar_topics(text: str, existing_texts: list[str], language: str = "sv", limit: int = 3,
                   threshold: float = SIMILAR_THRESHOLD) -> list[tuple[int, float]]:
    """Existing topics similar to `text`: (index, cosine similarity), best first.

    Builds a one-off index; for checks while someone types, keep a `TopicIndex`.
    """
    return TopicIndex(existing_texts, language).similar(text, limit, threshold)
