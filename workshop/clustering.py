"""Themes from topics: Samla groups participants' sticky notes by what they say.

Pure text in, themes out; no web or database code. How a grouping is made:

0. The topics are read in one canonical order (`canonical_order`: by their text), so the
   themes and labels depend on the set of topics, not on the order they arrived in.
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
   regrouping ("Gruppera om allt") starts from the themes shown, with the moved topics
   where they were put: they count in their new theme's centre and no longer in their old
   one's, k-means settles again (topics near a moved one may follow it), and a topic left
   alone in its old theme follows its most similar topic.
5. Topics that fit nowhere go to Övrigt, and each theme is labelled with its most telling
   words as participants wrote them ("föräldrar", not the vocabulary's "vårdnadshavare"):
   never a function word (stopwords-iso's Swedish list and more), a word a negation turns
   around ("klarar" from "klarar inte"), a repeat or near-repeat of a word already on the
   label; parts of compounds count ("föräldrar" in "föräldragrupper"), and the stemmer's
   merges of derivations are undone ("tidiga" is not "tid"). `label_themes` labels themes
   the facilitator made or changed.

Once themes exist, a new topic is placed live (`ThemePlacer`): into the theme whose topics
are most like it, or into none ("Ej placerade / Not placed"); no other topic moves.
`TopicIndex` answers "does a similar topic already exist?" while a participant types.

scikit-learn (about 0.7 s to import and 70 MB) is imported by the functions that group,
when first called: reading topics and the similar-topic hints need only numpy and scipy,
so a server that never groups never loads it (benchmarks/start_speed.py).
"""

import itertools
import math
import os
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import mmh3
import numpy as np
import scipy.sparse as sparse
import snowballstemmer
import stopwordsiso

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
# …and a topic sharing next to nothing with each other topic of its theme, compared by
# their n-grams rather than in the topic space (see `without_strangers`).
NOTHING_SHARED = 0.05
# Measured on BANKING77 (benchmarks/README.md): at 0.6 three in four hints share the typed
# topic's category; lower, hints turn into noise in a room where every topic is on one subject.
SIMILAR_THRESHOLD = 0.6
# Placing a new topic (ThemePlacer): its five most similar topics in themes vote, weighted
# by similarity (5 and 10 neighbours place equally well, nearest centres worse: benchmarks/
# README.md). With none at least PLACE_SIMILARITY similar, nothing fits and it is not placed:
# the highest threshold that loses no right placement of a training topic, chosen on each
# training part of the cross-validation, is 0.05–0.15 on SweFAQ (median 0.10) and
# 0.10–0.25 on BANKING77; Samla works in Swedish first, so 0.10.
PLACING_NEIGHBOURS = 5
PLACE_SIMILARITY = 0.1
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

# scikit-learn's English stop words (sklearn.feature_extraction.text.ENGLISH_STOP_WORDS),
# copied so that reading a topic does not import scikit-learn; a test checks they agree.
ENGLISH_STOP_WORDS = frozenset("""
    a about above across after afterwards again against all almost alone along already
    also although always am among amongst amoungst amount an and another any anyhow
    anyone anything anyway anywhere are around as at back be became because become
    becomes becoming been before beforehand behind being below beside besides between
    beyond bill both bottom but by call can cannot cant co con could couldnt cry de
    describe detail do done down due during each eg eight either eleven else elsewhere
    empty enough etc even ever every everyone everything everywhere except few fifteen
    fifty fill find fire first five for former formerly forty found four from front full
    further get give go had has hasnt have he hence her here hereafter hereby herein
    hereupon hers herself him himself his how however hundred i ie if in inc indeed
    interest into is it its itself keep last latter latterly least less ltd made many
    may me meanwhile might mill mine more moreover most mostly move much must my myself
    name namely neither never nevertheless next nine no nobody none noone nor not
    nothing now nowhere of off often on once one only onto or other others otherwise our
    ours ourselves out over own part per perhaps please put rather re same see seem
    seemed seeming seems serious several she should show side since sincere six sixty so
    some somehow someone something sometime sometimes somewhere still such system take
    ten than that the their them themselves then thence there thereafter thereby
    therefore therein thereupon these they thick thin third this those though three
    through throughout thru thus to together too top toward towards twelve twenty two un
    under until up upon us very via was we well were what whatever when whence whenever
    where whereafter whereas whereby wherein whereupon wherever whether which while
    whither who whoever whole whom whose why will with within without would yet you your
    yours yourself yourselves
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
    "en": ENGLISH_STOP_WORDS - ENGLISH_KEPT_WORDS,
}
# Kept for comparing topics, but they name nothing: a theme of two notes saying "inte" is
# not about "inte". English contractions split at the apostrophe ("didn't" → "didn", "t").
UNTELLING_WORDS = frozenset("""
    inte icke ej utan aldrig inga inget ingenting
    no not nor never cannot nothing none nobody without again still already
    isn aren wasn weren don doesn didn haven hasn hadn won wouldn couldn shouldn mustn needn
    ain ve ll re
""".split())
# A label never shows a function word. Swedish: the stopwords-iso list (maintained, 418
# words: "bland", "innan", "gäller", "ännu" …), the comparison list above, and words every
# note may use without naming what it is about ("via", "använda", "ökad", "tydligare").
# Kept from stopwords-iso: words that name a workshop's subject ("beslut", "tidiga").
SWEDISH_LABEL_ADDED = frozenset("""
    via använda används använder användas angående gällande oavsett istället stället kring
    runt per ca bl ex osv mm dessutom extra ge ger ges gavs skapa skapas fungera fungerar
    öka ökar ökad ökade ökat minska minskar minskad minskade tydlig tydliga tydligare tydligt
    snabb snabba snabbare snabbt kortare enklare borde
""".split())
SWEDISH_LABEL_KEPT = frozenset("beslut tidig tidigt".split())
LABEL_STOP_WORDS = {
    "sv": (frozenset(stopwordsiso.stopwords("sv")) | SWEDISH_STOP_WORDS | SWEDISH_LABEL_ADDED
           | UNTELLING_WORDS) - SWEDISH_LABEL_KEPT,
    "en": STOP_WORDS["en"] | UNTELLING_WORDS,
}
# A negation turns words around: in Swedish the word before it (main clauses put the verb
# first: "klarar inte") and the two after it ("inte klarar av", "inte tillräckligt"); in
# English the word after it ("not heard", "don't get", "never asked"); after "utan" and
# "without" as after a negation, without the word before ("barn utan stöd" is about barn).
# Such words never go on a label ("klarar" for notes saying "klarar inte" says the
# opposite), though they still count when comparing topics.
NEGATIONS = {
    "sv": frozenset("inte icke ej aldrig".split()),
    "en": frozenset("not never cannot t".split()),
}
WITHOUT = {"sv": frozenset({"utan"}), "en": frozenset({"without"})}
NEGATION_REACH = {"sv": (1, 2), "en": (0, 1)}  # words before, words after
# "föräldrar" inside "föräldragrupper" weighs half of "föräldrar" written out, so a shared
# part can name a theme of compounds, and a word written out wins over a part of one.
COMPOUND_PART_WEIGHT = 0.5
COMPOUND_REST = 4
# Endings Snowball's Swedish stemmer leaves on: definite -n / -an ("skolan", "frånvaron")
# and neuter -t ("digitalt").
LEFT_ENDINGS = frozenset({"n", "an", "t"})
# Swedish derivations Snowball strips but a label must not merge: "tidiga" is not "tid".
KEPT_DERIVATIONS = ("lig", "ig", "els")
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
class LabelWord:
    """A word that may name a theme: the key labels compare it by (the word as read, after
    the vocabulary, stemmed without merging derivations), the form to show, the key of
    that form (its family), and its weight: 1 written out, COMPOUND_PART_WEIGHT as a part
    of a compound ("föräldrar" in "föräldragrupper")."""

    key: str
    surface: str
    family: str
    weight: float = 1.0


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


@lru_cache
def compound_starts(language: str) -> tuple[tuple[str, str], ...]:
    """(first part as written in compounds, the word a label shows for it), longest first,
    from clustering_vocabulary.toml's [compound_parts]."""
    with VOCABULARY_PATH.open("rb") as file:
        entries = tomllib.load(file).get("compound_parts", {}).get(language, {})
    starts = [(start.lower(), word) for word, starts in entries.items() for start in starts]
    return tuple(sorted(starts, key=lambda pair: (-len(pair[0]), pair)))


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
        self.known_words = {word.lower() for word in set(vocabulary(language).values())}

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

    def label_words(self, text: str) -> list[LabelWord]:
        """The words of a topic that may name its theme, in the order written, each
        followed by its compound parts: no function word (LABEL_STOP_WORDS) and no word a
        negation turns around."""
        pairs = list(self.read_as(text))
        negated = negated_positions([read.lower() for _, read in pairs], self.language)
        found = []
        for position, (written, read) in enumerate(pairs):
            if position not in negated and self.tells(read):
                found.append(LabelWord(self.key(read), written, self.key(written)))
                found += self.compound_parts(written)
        return found

    def tells(self, word: str) -> bool:
        lower = word.lower()
        return len(word) > 1 and not word.isdigit() and lower not in LABEL_STOP_WORDS[self.language]

    def key(self, word: str) -> str:
        """The stem labels compare a word by: Snowball's, but a Swedish derivation in -ig,
        -lig or -els keeps its ending ("tidiga" → "tidig", "tiden" → "tid")."""
        lower = word.lower()
        stem = self.stem(lower)
        kept = next((end for end in KEPT_DERIVATIONS if lower.startswith(stem + end)), "")
        return stem + kept if self.language == "sv" else stem

    def compound_parts(self, word: str) -> list[LabelWord]:
        """The two parts of a compound that starts with a part the vocabulary knows, at
        COMPOUND_PART_WEIGHT: "föräldragrupper" → "föräldrar", "grupper". A word is a
        compound when its stem runs at least three letters past the first part and four
        letters follow it ("barnen", "eleverna" and "vårdnad" are not); the vocabulary's
        own words ("vårdnadshavare") are never split."""
        lower = word.lower()
        if lower in vocabulary(self.language) or lower in self.known_words:
            return []
        for start, shown in compound_starts(self.language):
            rest = lower[len(start):]
            if (lower.startswith(start) and len(rest) >= COMPOUND_REST
                    and len(self.stem(lower)) >= len(start) + 3):
                return [self.part(shown), self.part(rest)]
        return []

    def part(self, word: str) -> LabelWord:
        read = vocabulary(self.language).get(word.lower(), word)
        return LabelWord(self.key(read), word, self.key(word), COMPOUND_PART_WEIGHT)

    def kinship(self, key: str, form: str) -> set[str]:
        """The keys a label word is compared by for near-repeats: its own, its shown
        form's, and its compound parts'."""
        return {key, self.key(form)} | {part.key for part in self.compound_parts(form)}


def negated_positions(words: list[str], language: str) -> set[int]:
    """Positions of `words` (lower case, in order) that a negation turns around
    (NEGATION_REACH: before a negation and after it or after "utan")."""
    before, after = NEGATION_REACH.get(language, (0, 0))
    negated = set()
    for position, word in enumerate(words):
        if word in NEGATIONS.get(language, ()):
            negated.update(range(position - before, position))
        if word in NEGATIONS.get(language, ()) or word in WITHOUT.get(language, ()):
            negated.update(range(position + 1, position + 1 + after))
    return negated


def group_topics(
    texts: list[str],
    language: str = "sv",
    k: int | None = None,
    fixed: dict[int, int] | None = None,
    shown: Sequence[int] | None = None,
) -> Grouping:
    """Group topics into themes. The themes and labels depend on the set of topics, not on
    the order they came in: the same texts in any order give each text the same theme
    number and every theme the same label (results are in the caller's order).

    `k` is the number of themes the facilitator asks for; None lets Samla choose. There is
    always at least one theme per facilitator theme, and a theme can empty out (its topics
    joining neighbours or Övrigt), so `theme_count` may end up below k.
    `fixed` maps a topic's index to the theme number the facilitator put it in (OTHER for
    Övrigt): those topics stay exactly there, and the others are regrouped around them.
    The numbers are read against `shown`, the theme number each topic is shown in now
    (OTHER for Övrigt and for topics not placed); without `shown`, against Samla's grouping
    of the same texts and k without `fixed` (computed again: the same set of texts gives
    the same themes). A number not shown is a new theme. Samla's own themes get the lowest
    free numbers, largest theme first, ties by the first topic in `canonical_order`.
    Raises ValueError when `fixed` names a topic not in `texts` or `shown` is not one
    number per topic.
    """
    fixed = dict(fixed or {})
    if any(not 0 <= index < len(texts) for index in fixed):
        raise ValueError("fixed refers to a topic that is not in texts")
    if shown is not None and len(shown) != len(texts):
        raise ValueError("shown needs one theme number per topic")
    order = canonical_order(texts, fixed, shown)
    position = {index: row for row, index in enumerate(order)}
    grouping = grouped_in_order(
        [texts[i] for i in order], language, k, {position[i]: t for i, t in fixed.items()},
        None if shown is None else [shown[i] for i in order])
    return Grouping(themes=[grouping.themes[position[i]] for i in range(len(texts))],
                    labels=grouping.labels, theme_count=grouping.theme_count)


def canonical_order(texts: Sequence[str], fixed: dict[int, int] = {},
                    shown: Sequence[int] | None = None) -> list[int]:
    """Indices of `texts` in the one order Samla reads them in: by the text with case,
    spacing and Unicode form ignored, then as written, then by the facilitator's theme
    and the shown one. k-means starts, ties and "first topic" all follow this order, so
    arrival order cannot change a grouping."""
    def key(index: int) -> tuple:
        text = texts[index]
        return (comparable(text), text, fixed.get(index, -1),
                -1 if shown is None else shown[index])

    return sorted(range(len(texts)), key=key)


def comparable(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def grouped_in_order(texts, language, k, fixed, shown) -> Grouping:
    """group_topics on texts already in canonical order."""
    reader = TopicReader(language)
    words = [reader.words(text) for text in texts]
    space = topic_space([" ".join(word.stem for word in topic) for topic in words])
    # Topics with no words in common with any other, and those put in Övrigt, sit out.
    grouped = [i for i in range(len(texts)) if space[i].any() and fixed.get(i) != OTHER]
    row_of = {index: row for row, index in enumerate(grouped)}
    fixed_rows = {row_of[index]: theme for index, theme in fixed.items() if index in row_of}
    shown_rows = None if shown is None else np.array([shown[i] for i in grouped], dtype=int)
    own_themes = themes_for(space[grouped], fixed_rows, k, shown_rows)
    own_themes = without_strangers([texts[i] for i in grouped], own_themes, fixed_rows, language)
    themes = numbered_themes(len(texts), grouped, own_themes, fixed)
    return Grouping(
        themes=themes,
        labels=theme_labels(texts, themes, language),
        theme_count=len(set(themes) - {OTHER}),
    )


def topic_space(documents: list[str]) -> np.ndarray:
    """Each topic as a unit vector: LSA of character n-gram TF-IDF on its stems, at two
    granularities (3–5 and 2–4 characters) side by side.

    An n-gram counts only when at least two topics share it; a topic sharing none with
    any other topic is a zero vector, which nothing is similar to.
    """
    from sklearn.preprocessing import normalize

    if not documents:
        return np.zeros((0, 1), dtype=np.float32)
    views = [lsa_view(documents, ngrams) for ngrams in SPACE_NGRAMS]
    return normalize(np.hstack(views)).astype(np.float32)


def lsa_view(documents: list[str], ngrams: tuple[int, int]) -> np.ndarray:
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

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


def themes_for(space: np.ndarray, fixed_rows: dict[int, int], k: int | None,
               shown_rows: np.ndarray | None = None) -> list[int | str]:
    """A theme per row of `space`: a facilitator's theme number, or Samla's own ("s0" …).

    Samla's own themes are named by strings so they can never be confused with the
    facilitator's numbers; unfixed topics that fit nowhere get OTHER. With facilitator
    moves, regrouping starts from `shown_rows` (the theme numbers on screen), or from
    Samla's own grouping when none are given.
    """
    if len(space) == 0:
        return []
    if fixed_rows:
        if shown_rows is None:
            shown_rows = shown_numbers(samla_themes(space, theme_count(space, k)))
        labels, facilitator_themes = regrouped(space, shown_rows, fixed_rows)
    else:
        labels, facilitator_themes = samla_themes(space, theme_count(space, k)), []
    return [
        OTHER if index < 0 else
        facilitator_themes[index] if index < len(facilitator_themes) else f"s{index}"
        for index in labels
    ]


def regrouped(space, shown_rows, fixed_rows) -> tuple[np.ndarray, list[int]]:
    """The shown themes regrouped around the facilitator's moves: row → theme index
    (the facilitator's themes first, in the order of the returned numbers), or -1."""
    facilitator_themes = sorted(set(fixed_rows.values()))
    start, count = start_from_shown(shown_rows, fixed_rows, facilitator_themes)
    pinned = {row: facilitator_themes.index(theme) for row, theme in fixed_rows.items()}
    labels = settle(space, start, pinned, count)
    labels = without_left_behind(space, labels, pinned)
    labels = neighbour_vote(space, labels, pinned, count)
    return with_outliers_apart(space, labels, pinned), facilitator_themes


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
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    labels = KMeans(k, n_init=1, random_state=RANDOM_STATE).fit_predict(space)
    if len(set(labels)) < 2:
        return -1.0
    return silhouette_score(space, labels, metric="cosine")


def agreed_partition(space: np.ndarray, k: int) -> np.ndarray:
    """The k themes that repeated k-means runs agree on (average linkage on their votes)."""
    from sklearn.cluster import AgglomerativeClustering, KMeans

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
    from sklearn.preprocessing import normalize

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


def without_strangers(texts, themes, pinned, language) -> list[int | str]:
    """Unpinned topics that share next to nothing with every other topic of their theme
    go to Övrigt: the topic space (LSA) can put two unrelated topics side by side when
    there are few topics, so this is checked on the n-grams themselves (the similar-topic
    index, below NOTHING_SHARED cosine similarity to each other member)."""
    if not texts:
        return themes
    matrix, _ = TopicIndex(texts, language).weighted_matrix()
    themes = list(themes)
    for theme in set(themes) - {OTHER}:
        members = [row for row, number in enumerate(themes) if number == theme]
        similarity = (matrix[members] @ matrix[members].T).toarray()
        np.fill_diagonal(similarity, 0)
        for row, closest in zip(members, similarity.max(axis=1)):
            if closest < NOTHING_SHARED and row not in pinned:
                themes[row] = OTHER
    return themes


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


def label_themes(texts: Sequence[str], themes: Sequence[int],
                 language: str = "sv") -> dict[int, str]:
    """A label for each theme number in `themes` (OTHER gets "Övrigt" / "Other"), from
    the texts of its topics: `themes[i]` is the theme of `texts[i]`. The labels depend on
    which texts are in which theme, not on their order. For themes the facilitator made or
    changed by hand, and for themes grown by placed notes.
    """
    if len(themes) != len(texts):
        raise ValueError("themes needs one theme number per topic")
    order = sorted(range(len(texts)), key=lambda i: (comparable(texts[i]), texts[i], themes[i]))
    return theme_labels([texts[i] for i in order], [themes[i] for i in order], language)


def theme_labels(texts, themes, language) -> dict[int, str]:
    """A label per theme: its two or three most telling words, as participants wrote them."""
    reader = TopicReader(language)
    words = with_inflections_merged([reader.label_words(text) for text in texts])
    topic_frequency = Counter(key for topic in words for key in {w.key for w in topic})
    labels = {}
    for theme in sorted(set(themes)):
        members = [i for i, number in enumerate(themes) if number == theme]
        if theme == OTHER:
            labels[theme] = OTHER_LABELS.get(language, OTHER_LABELS["en"])
        else:
            topics = [words[i] for i in members]
            chosen = telling_words(topics, topic_frequency, len(words), reader)
            labels[theme] = LABEL_SEPARATOR.join(chosen) or texts[members[0]][:40]
    return labels


def with_inflections_merged(words: list[list[LabelWord]]) -> list[list[LabelWord]]:
    """Words whose keys differ only by an ending of one or two letters read as one
    ("skolan" and "skola", "frånvaron" and "frånvaro", which Snowball keeps apart); keys
    of three letters or fewer never merge ("tid" is not "tidig")."""
    keys = {word.key for topic in words for word in topic}
    leader = {}
    for key in keys:
        shorter = sorted((key[:-len(end)] for end in LEFT_ENDINGS if key.endswith(end)), key=len)
        leader[key] = next((k for k in shorter if k in keys and inflection_of(key, k)), key)
    return [[replace(word, key=leader[word.key]) for word in topic] for topic in words]


def inflection_of(key: str, shorter: str) -> bool:
    """`key` is `shorter`, of four or more letters, with an ending Snowball leaves on
    ("skolan" of "skol", "frånvaron" of "frånvaro", "digitalt" of "digital"; not
    "personal" of "person")."""
    return len(shorter) >= 4 and key[len(shorter):] in LEFT_ENDINGS and key.startswith(shorter)


def telling_words(topics: list[list[LabelWord]], topic_frequency: Counter, total: int,
                  reader: TopicReader) -> list[str]:
    """Up to three words: common in the theme (share of its topics) and rare elsewhere (idf).

    A part of a compound counts for less than a word written out (COMPOUND_PART_WEIGHT).
    A word must appear in two of the theme's topics, unless that leaves fewer than two;
    a word that repeats or nearly repeats one already chosen is skipped (`alike`).
    """
    coverage, present = Counter(), Counter()
    for topic in topics:
        weights = {}
        for word in topic:
            weights[word.key] = max(weights.get(word.key, 0), word.weight)
        coverage.update(weights)
        present.update(weights.keys())

    def telling(key):  # ties (all topics in one theme: idf 0) go to the more common word
        idf = math.log((1 + total) / (1 + topic_frequency[key]))
        return (-coverage[key] / len(topics) * idf, -coverage[key], key)

    ranked = sorted(coverage, key=telling)

    @lru_cache
    def form(key):
        return written_form([word for topic in topics for word in topic if word.key == key])

    chosen = distinct_words([key for key in ranked if present[key] >= 2], form, reader, 3)
    if len(chosen) < 2:
        chosen = distinct_words(chosen + ranked, form, reader, 2)
    return [form(key) for key in chosen]


def distinct_words(keys: list[str], form, reader: TopicReader, most: int) -> list[str]:
    """The first `most` of `keys` whose word (`form(key)`) neither repeats nor nearly
    repeats an earlier one."""
    kept, kin = [], []
    for key in keys:
        kinship = reader.kinship(key, form(key))
        if not any(alike(kinship, other) for other in kin):
            kept.append(key)
            kin.append(kinship)
        if len(kept) == most:
            break
    return kept


def alike(keys: set[str], other: set[str]) -> bool:
    """Two words repeat each other when any of their keys (the word, the word as
    written, its compound parts) are of one family: "lärare" and "lärare", "ungdomar" and
    "ungdomsgården", "föräldrar" and "föräldrastöd"."""
    return any(key == other_key or one_family(key, other_key)
               for key in keys for other_key in other)


def one_family(stem: str, other: str) -> bool:
    # One extends the other ("vaccin" / "vaccinering") or they share six letters
    # ("vaccination" / "vaccinering"); under four letters a shared start is chance.
    shared = len(os.path.commonprefix([stem, other]))
    return shared >= 6 or shared >= 4 and shared == min(len(stem), len(other))


def written_form(written: list[LabelWord]) -> str:
    """How participants wrote a word most often, not how the vocabulary reads it.

    First the family written most often ("föräldrar", "föräldrarna" and "förälder" against
    one "vårdnadshavare"; a tie goes to the vocabulary's word), then its most frequent
    form, the shortest on a tie; lower case unless it is an acronym.
    """
    leader = {}
    for family in dict.fromkeys(word.family for word in written):
        leader[family] = next((f for f in leader.values() if one_family(f, family)), family)
    families = Counter(leader[word.family] for word in written)
    key = written[0].key
    chosen = min(families, key=lambda f: (-families[f], f != key and not one_family(f, key), f))
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
        counts = hashed_ngrams([self.compared_form(text) for text in texts])
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
        query = unit_rows(self.term_counts([text]).multiply(idf).tocsr())
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
            self.weighted = unit_rows(self.counts.multiply(idf).tocsr()), idf
        return self.weighted


def hashed_ngrams(texts: Sequence[str], ngrams: tuple[int, int] = INDEX_NGRAMS,
                  features: int = HASHED_FEATURES) -> sparse.csr_matrix:
    """How often each text (a row) has each character n-gram inside its words, words padded
    with a space, lower-cased, hashed into `features` columns by MurmurHash3: the matrix
    scikit-learn's HashingVectorizer(analyzer="char_wb", ngram_range=ngrams,
    n_features=features, alternate_sign=False, norm=None) makes, column for column,
    without importing scikit-learn."""
    indptr, indices = [0], []
    for text in texts:
        for word in text.lower().split():
            indices.extend(hashed_column(ngram, features)
                           for ngram in word_ngrams(f" {word} ", ngrams))
        indptr.append(len(indices))
    counts = sparse.csr_matrix((np.ones(len(indices)), indices, indptr),
                               shape=(len(texts), features))
    counts.sum_duplicates()
    return counts


def word_ngrams(word: str, ngrams: tuple[int, int]) -> Iterator[str]:
    """A padded word's n-grams, shortest first; a word shorter than n gives itself once."""
    for n in range(ngrams[0], ngrams[1] + 1):
        yield from (word[start:start + n] for start in range(max(1, len(word) - n + 1)))
        if len(word) <= n:
            return


def hashed_column(ngram: str, features: int) -> int:
    """scikit-learn's column for an n-gram (sklearn/feature_extraction/_hashing_fast.pyx)."""
    signed = mmh3.hash(ngram, 0, signed=True)
    if signed == -2**31:
        return (2**31 - 1 - (features - 1)) % features
    return abs(signed) % features


def unit_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Each row divided by its length (rows of zeros stay zero): sklearn's normalize()."""
    lengths = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    lengths[lengths == 0] = 1
    scaled = matrix.copy()
    scaled.data /= np.repeat(lengths, np.diff(scaled.indptr))
    return scaled


def similar_topics(text: str, existing_texts: list[str], language: str = "sv", limit: int = 3,
                   threshold: float = SIMILAR_THRESHOLD) -> list[tuple[int, float]]:
    """Existing topics similar to `text`: (index, cosine similarity), best first.

    Builds a one-off index; for checks while someone types, keep a `TopicIndex`.
    """
    return TopicIndex(existing_texts, language).similar(text, limit, threshold)


class ThemePlacer:
    """Places new topics in the themes the facilitator sees, and moves no other topic.

    Built from the topics now in themes (theme number → texts; Övrigt, OTHER, is left
    out, as nothing is placed there). `place(text)` returns the theme whose topics are
    most like the text: its PLACING_NEIGHBOURS most similar topics in themes (the
    similar-topic index, `TopicIndex`) vote with their cosine similarity, ties to the lower
    number; None (Ej placerade / Not placed) when no topic is at least PLACE_SIMILARITY
    similar. `add(text, theme)` records a topic now in a theme (placed there, or put there
    by the facilitator) so that later placements see it; rebuild the placer when topics
    leave a theme (moves, merges, regrouping).
    The result depends on which texts are in which theme, not on their order.
    Not thread-safe: keep one per workshop and use it from one thread.
    """

    def __init__(self, themes: Mapping[int, Sequence[str]] = {}, language: str = "sv",
                 threshold: float = PLACE_SIMILARITY):
        members = sorted((comparable(text), text, theme) for theme, texts in themes.items()
                         if theme != OTHER for text in texts)
        self.index = TopicIndex([text for _, text, _ in members], language)
        self.themes = [theme for _, _, theme in members]
        self.threshold = threshold

    def place(self, text: str) -> int | None:
        neighbours = self.index.similar(text, PLACING_NEIGHBOURS, threshold=0.0)
        return voted_theme(neighbours, self.themes, self.threshold)

    def add(self, text: str, theme: int) -> None:
        if theme != OTHER:
            self.index.add(text)
            self.themes.append(theme)


def voted_theme(neighbours: list[tuple[int, float]], themes: Sequence[int],
                threshold: float) -> int | None:
    """The theme most of `neighbours` (index position, cosine similarity) are in, each
    weighing its similarity; those below `threshold` have no vote. Ties go to the lower
    theme number; None when nobody votes."""
    votes = Counter()
    for position, similarity in neighbours:
        if similarity >= threshold:
            votes[themes[position]] += similarity
    return min(votes, key=lambda theme: (-votes[theme], theme)) if votes else None


def place_note(text: str, themes: Mapping[int, Sequence[str]],
               language: str = "sv") -> int | None:
    """The theme a new topic goes in, or None for not placed (see `ThemePlacer`).

    Builds a one-off placer; to place topics as they come in, keep a `ThemePlacer`.
    """
    return ThemePlacer(themes, language).place(text)
