"""Grouping topics into themes, labels, Övrigt, placing new topics, and the
similar-topic hint."""

import random
import tomllib
from pathlib import Path

from workshop.clustering import (
    OTHER,
    ThemePlacer,
    TopicIndex,
    TopicReader,
    distinct_words,
    group_topics,
    label_themes,
    place_note,
    similar_topics,
)

LABELLED_THEMES = Path(__file__).with_name("data") / "workshop_themes.toml"

WORKSHOP = [
    "Mer personal på fritidsgården",                            # 0 fritid
    "Elevhälsan ska samarbeta med BUP",                         # 1 psykisk hälsa
    "Fritidsgårdarna behöver fler anställda",                   # 2 fritid
    "Bättre samverkan mellan skola och barnpsykiatrin",         # 3 psykisk hälsa
    "Samma personal i hemtjänsten varje dag",                   # 4 äldre
    "Färre olika personer från hemtjänsten hos varje brukare",  # 5 äldre
    "Föräldrar behöver mer information från skolan",            # 6 föräldrar
    "Vårdnadshavare ska få information tidigt",                 # 7 föräldrar
    "Längre öppettider på fritidsgårdar på helgerna",           # 8 fritid
    "Kortare väntetider till BUP",                              # 9 psykisk hälsa
    "Hemtjänsten behöver mer tid hos de äldre",                 # 10 äldre
    "Tydligare information till föräldrarna",                   # 11 föräldrar
    "Solpaneler på kommunhusets tak",                           # 12 fits nowhere
]
THEMES = [[0, 2, 8], [1, 3, 9], [4, 5, 10], [6, 7, 11]]


def together(grouping, indices) -> bool:
    return len({grouping.themes[i] for i in indices}) == 1


def test_obvious_pairs_end_up_together():
    grouping = group_topics(WORKSHOP)

    for theme in THEMES:
        assert together(grouping, theme)
    assert len({grouping.themes[theme[0]] for theme in THEMES}) == 4
    assert grouping.theme_count == 4


def test_topic_that_fits_nowhere_goes_to_ovrigt():
    grouping = group_topics(WORKSHOP)

    assert grouping.themes[12] == OTHER
    assert grouping.labels[OTHER] == "Övrigt"
    assert grouping.members(OTHER) == [12]


def test_themes_are_numbered_by_size_then_first_topic():
    grouping = group_topics(WORKSHOP[:12] + ["Fritidsgård i varje by"])

    assert grouping.themes[0] == 1
    assert [grouping.themes[theme[0]] for theme in THEMES] == [1, 2, 3, 4]


def test_labels_are_the_themes_own_words():
    grouping = group_topics(WORKSHOP)

    assert grouping.labels[grouping.themes[0]] == "fritidsgårdar · personal"
    assert grouping.labels[grouping.themes[1]] == "BUP · samverkan"
    assert grouping.labels[grouping.themes[4]] == "hemtjänsten · brukare"
    assert grouping.labels[grouping.themes[6]] == "information · föräldrar"


def test_label_leaves_out_a_word_the_negation_turns_around():
    grouping = group_topics(["Föräldrar hörs inte", "Föräldrarna blir inte lyssnade på"])

    assert grouping.labels == {1: "föräldrar"}


def test_label_leaves_out_english_negations_and_contractions():
    texts = ["Parents are not heard", "Parents don't get information",
             "Parents didn't get answers", "Parents are never asked"]

    assert label_themes(texts, [1, 1, 2, 2], "en") == {1: "parents · information",
                                                       2: "parents · answers"}


def test_label_shows_the_word_participants_wrote_not_the_vocabularys():
    grouping = group_topics([
        "Föräldrar behöver mer information",
        "Föräldrarna vill ha information tidigt",
        "Vårdnadshavare ska få information",
    ])

    assert grouping.labels == {1: "information · föräldrar"}


def test_label_shows_the_vocabularys_word_when_participants_wrote_it_most():
    grouping = group_topics([
        "Vårdnadshavare behöver mer information",
        "Föräldrarna vill ha information tidigt",
        "Vårdnadshavarna ska få information",
    ])

    assert grouping.labels == {1: "information · vårdnadshavare"}


def test_label_tie_between_written_words_goes_to_the_vocabularys():
    grouping = group_topics(
        ["Föräldrar får information sent", "Vårdnadshavare får information sent"])

    assert grouping.labels == {1: "information · vårdnadshavare"}


def test_same_topics_give_same_themes():
    assert group_topics(WORKSHOP) == group_topics(list(WORKSHOP))


def test_fixed_topic_stays_in_its_theme_even_when_its_text_pulls_elsewhere():
    grouping = group_topics(WORKSHOP, fixed={0: 7, 4: 7})

    assert grouping.themes[0] == grouping.themes[4] == 7
    assert together(grouping, [2, 8])
    assert grouping.themes[2] != 7


def test_regrouping_follows_the_facilitators_move():
    grouping = group_topics(WORKSHOP, fixed={0: 5})

    assert [grouping.themes[i] for i in THEMES[0]] == [5, 5, 5]
    assert grouping.labels[5] == "fritidsgårdar · personal"
    assert sorted(set(grouping.themes) - {5, OTHER}) == [1, 2, 3]


def test_topic_put_in_ovrigt_stays_there():
    grouping = group_topics(WORKSHOP, fixed={1: OTHER})

    assert grouping.themes[1] == OTHER
    assert together(grouping, [3, 9])


def test_facilitator_can_ask_for_fewer_themes():
    grouping = group_topics(WORKSHOP, k=2)

    assert grouping.theme_count == 2
    assert together(grouping, THEMES[0])


def test_topics_without_content_words_go_to_ovrigt():
    assert group_topics(["och att", "Fritidsgård"]).themes == [OTHER, OTHER]
    assert group_topics([]).themes == []


def test_english_topics_group_too():
    topics = [
        "More staff at the youth centre",
        "Shorter waiting times for child psychiatry",
        "The youth centres need more employees",
        "Faster help from child psychiatry for pupils",
        "Parents need more information from school",
        "Better information to parents about school",
        "Ice cream",
    ]
    grouping = group_topics(topics, language="en")

    assert together(grouping, [0, 2]) and together(grouping, [1, 3])
    assert together(grouping, [4, 5])
    assert grouping.theme_count == 3
    assert grouping.themes[6] == OTHER
    assert grouping.labels[OTHER] == "Other"
    assert grouping.labels[grouping.themes[1]] == "child psychiatry · faster"


def test_similar_topics_finds_the_near_duplicate_and_not_the_unrelated():
    hints = similar_topics("Fler anställda på fritidsgårdarna", WORKSHOP)

    assert sorted(index for index, _ in hints) == [0, 2]
    assert min(score for _, score in hints) > 0.9


def test_topic_index_finds_a_topic_added_after_it_was_built():
    index = TopicIndex(WORKSHOP)

    position = index.add("Säkra cykelbanor längs Storgatan")

    assert position == len(WORKSHOP) == len(index) - 1
    assert [i for i, _ in index.similar("Cykelbanor längs Storgatan")] == [position]
    assert similar_topics("Cykelbanor längs Storgatan", WORKSHOP) == []


def test_moved_topic_takes_its_near_neighbour_along():
    evening_staff = WORKSHOP[:12] + [
        "Mer personal på kvällarna",           # 12
        "Mer personal på kvällar och helger",  # 13, its near neighbour
    ]
    before = group_topics(evening_staff, k=5)
    home_care = before.themes[4]
    assert before.themes[12] == before.themes[13] != home_care

    after = group_topics(evening_staff, k=5, fixed={12: home_care})

    assert after.themes[12] == after.themes[13] == home_care
    assert together(after, THEMES[2] + [12, 13])
    for theme in (THEMES[0], THEMES[1], THEMES[3]):
        assert after.themes[theme[0]] == before.themes[theme[0]] and together(after, theme)


def test_correction_is_deterministic():
    texts = WORKSHOP[:12] + ["Mer personal på kvällarna", "Mer personal på kvällar och helger"]
    assert group_topics(texts, k=5, fixed={12: 3}) == group_topics(list(texts), k=5, fixed={12: 3})


def labelled_notes() -> list[str]:
    with LABELLED_THEMES.open("rb") as file:
        return [note for theme in tomllib.load(file)["theme"] for note in theme["notes"]]


def in_order(order: list[int], shuffled: list) -> list:
    """Results for a shuffled input, back in the original order."""
    back = [None] * len(order)
    for position, index in enumerate(order):
        back[index] = shuffled[position]
    return back


def test_shuffled_notes_give_the_same_themes_and_labels():
    notes = labelled_notes()[:100]
    grouping = group_topics(notes)

    for seed in range(20):
        order = random.Random(seed).sample(range(len(notes)), len(notes))
        shuffled = group_topics([notes[i] for i in order])
        assert in_order(order, shuffled.themes) == grouping.themes
        assert shuffled.labels == grouping.labels
    assert grouping.theme_count >= 8


def test_shuffled_notes_give_the_same_regrouping_around_moves():
    notes = labelled_notes()[:100]
    shown = group_topics(notes, k=20).themes
    fixed = {0: shown[50], 50: shown[0], 99: 21}
    grouping = group_topics(notes, k=20, fixed=fixed, shown=shown)

    for seed in range(5):
        order = random.Random(seed).sample(range(len(notes)), len(notes))
        position = {index: p for p, index in enumerate(order)}
        shuffled = group_topics([notes[i] for i in order], k=20,
                                fixed={position[i]: theme for i, theme in fixed.items()},
                                shown=[shown[i] for i in order])
        assert in_order(order, shuffled.themes) == grouping.themes
        assert shuffled.labels == grouping.labels


def test_same_texts_in_any_order_get_the_same_labels():
    texts = ["Fritidsgården borde ha öppet på helgerna", "Längre öppettider på ungdomsgården",
             "Fritidsgårdar i varje stadsdel", "Kortare väntetider till BUP", "Köerna till BUP"]
    themes = [1, 1, 1, 2, 2]

    assert label_themes(texts[::-1], themes[::-1]) == label_themes(texts, themes) == {
        1: "fritidsgårdar · helgerna", 2: "BUP · köerna"}


def test_regrouping_reads_the_facilitators_numbers_against_the_themes_shown():
    grouping = group_topics(WORKSHOP)
    fritid, bup = grouping.themes[0], grouping.themes[1]
    # The room sees the two themes under each other's numbers (as after placing notes).
    swap = {fritid: bup, bup: fritid}
    shown = [swap.get(theme, theme) for theme in grouping.themes]

    regrouped = group_topics(WORKSHOP, fixed={4: shown[0]}, shown=shown)

    assert [regrouped.themes[i] for i in THEMES[0] + [4]] == [bup] * 4
    assert [regrouped.themes[i] for i in THEMES[1]] == [fritid] * 3


def themes_of(grouping, texts) -> dict[int, list[str]]:
    themes = {}
    for text, theme in zip(texts, grouping.themes):
        themes.setdefault(theme, []).append(text)
    return themes


def test_new_note_goes_to_the_theme_it_fits_and_no_other_note_moves():
    grouping = group_topics(WORKSHOP)
    shown = themes_of(grouping, WORKSHOP)
    before = {theme: list(texts) for theme, texts in shown.items()}
    placer = ThemePlacer(shown)

    for note, like in (("Fler vuxna på fritidsgården på kvällarna", 0),
                       ("Hemtjänsten byter personal hela tiden", 4),
                       ("Information till föräldrar på fler språk", 6)):
        theme = placer.place(note)
        assert theme == grouping.themes[like]
        placer.add(note, theme)

    assert shown == before


def test_note_that_fits_no_theme_is_not_placed():
    shown = themes_of(group_topics(WORKSHOP), WORKSHOP)

    assert place_note("Solceller på taket", shown) is None


def test_note_is_never_placed_in_ovrigt():
    shown = {1: WORKSHOP[4:6], OTHER: ["Solpaneler på kommunhusets tak"]}

    assert place_note("Solpaneler på kommunhusets tak", shown) is None
    assert place_note("Solpaneler på hemtjänstens tak", shown) == 1


def test_placed_note_counts_for_the_next_one():
    placer = ThemePlacer(themes_of(group_topics(WORKSHOP), WORKSHOP))
    assert placer.place("Solceller på taket") is None

    placer.add("Solceller på kommunhusets tak", 9)

    assert placer.place("Solceller på taket") == 9


def test_placement_does_not_depend_on_the_order_of_theme_notes():
    shown = themes_of(group_topics(WORKSHOP), WORKSHOP)
    reversed_shown = {theme: texts[::-1] for theme, texts in reversed(shown.items())}
    notes = ["Personal på fritidsgården", "Föräldrar och BUP", "Tid hos de äldre"]

    assert [place_note(n, reversed_shown) for n in notes] == [place_note(n, shown) for n in notes]


def label_words(texts: list[str]) -> list[str]:
    return label_themes(texts, [1] * len(texts))[1].split(" · ")


def test_label_is_no_function_word():
    words = label_words([
        "Bland annat läxhjälp via biblioteket",
        "Läxhjälp innan proven, via nätet",
        "Det gäller läxhjälp som ännu inte finns",
        "Använda läxhjälp bland äldre elever",
        "Innan läxhjälp gäller det att använda ännu mer tid",
    ])

    assert words == ["läxhjälp", "biblioteket"]
    assert not {"bland", "innan", "via", "gäller", "ännu", "använda"} & set(words)


def test_label_is_no_word_a_negation_turns_around():
    words = label_words([
        "Lärare klarar inte stora klasser",
        "Elever som inte klarar skolan får vänta på stöd",
        "Skolan klarar inte att ge stöd till elever",
    ])

    assert words == ["elever", "stöd"]


def test_label_does_not_merge_words_the_stemmer_merges():
    words = label_words(["Tidiga insatser för barn", "Tidigt stöd till barn", "Mer tid för barn"])

    assert words == ["tidiga", "barn"]


def test_label_never_repeats_a_word():
    reader = TopicReader("sv")
    # Snowball stems "lärare" as "lär" and "lärares" as "lärar": two keys, one word.
    assert distinct_words(["lär", "lärar"], lambda key: "lärare", reader, 3) == ["lär"]
    assert label_words(["Lärare behöver tid", "Lärares tid", "Lärarens tid", "Tid för lärare"]) \
        == ["lärare", "tid"]


def test_label_has_no_near_duplicates():
    words = label_words([
        "Ungdomar behöver ungdomsgården på kvällar",
        "Ungdomsgården för ungdomar",
        "Fler ungdomar till fritidsgården",
        "Föräldrastöd för föräldrar",
        "Föräldrar och föräldrastöd",
    ])

    assert words == ["föräldrastöd", "ungdomsgården"]


def test_label_finds_the_word_shared_inside_compounds():
    words = label_words([
        "Föräldrautbildning för alla nyblivna",
        "Föräldragrupper på kvällstid",
        "Gratis föräldrakurser i stadsdelarna",
    ])

    assert words[0] == "föräldrar"


def test_the_topic_index_hashes_as_scikit_learn_does_without_importing_it():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

    from workshop.clustering import (
        ENGLISH_KEPT_WORDS,
        HASHED_FEATURES,
        INDEX_NGRAMS,
        STOP_WORDS,
        hashed_ngrams,
    )

    texts = [*WORKSHOP, "a", "Ab  cd\tÅÄÖ éé", "", "x" * 40, "👍🏽 bra!"]
    expected = HashingVectorizer(analyzer="char_wb", ngram_range=INDEX_NGRAMS,
                                 n_features=HASHED_FEATURES, alternate_sign=False,
                                 norm=None).transform(texts)
    assert (hashed_ngrams(texts) != expected).nnz == 0
    assert STOP_WORDS["en"] == ENGLISH_STOP_WORDS - ENGLISH_KEPT_WORDS


def test_reading_topics_and_hints_need_no_scikit_learn():
    import subprocess
    import sys

    probe = ("import sys; from workshop.clustering import TopicIndex; "
             "TopicIndex(['Fler vuxna på rasten']).similar('Mer vuxna på rasterna'); "
             "print('sklearn' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
