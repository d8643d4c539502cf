"""Grouping topics into themes, labels, Övrigt, and the similar-topic hint."""

from workshop.clustering import OTHER, TopicIndex, group_topics, similar_topics

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


def test_label_leaves_out_negations():
    grouping = group_topics(["Föräldrar hörs inte", "Föräldrarna blir inte lyssnade på"])

    assert grouping.labels == {1: "föräldrar · hörs"}


def test_label_leaves_out_english_negations_and_contractions():
    grouping = group_topics([
        "Parents are not heard",
        "Parents don't get information",
        "Parents didn't get answers",
        "Parents are never asked",
    ], language="en")

    assert grouping.labels == {1: "parents · asked", 2: "parents · answers"}


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
        ["Föräldrar får inte information", "Vårdnadshavare får information sent"])

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
