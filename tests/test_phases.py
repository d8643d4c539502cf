"""The phase state machine and method files."""

import pytest

from tests.activities.voting.test_voting import workshop_with_topics
from workshop import phases
from workshop.methods import MethodError, all_methods, load_method


def test_quick_method_has_the_four_phases_in_order():
    quick = all_methods()["quick"]
    assert [p.key for p in quick.phases] == ["welcome", "topics", "voting", "results"]
    assert [sorted(p.allows) for p in quick.phases] == [[], ["post_topic"], ["vote"], []]


def test_advance_moves_one_phase_even_when_clicked_twice(store):
    workshop, _ = workshop_with_topics(store, 0)
    moved = phases.advance(store, workshop, +1, seen_index=0)
    assert phases.current_phase(moved).key == "topics"
    with pytest.raises(phases.PhaseMoveRefused):
        phases.advance(store, workshop, +1, seen_index=0)
    assert phases.current_phase(store.workshop_by_id(workshop["id"])).key == "topics"


def test_advance_goes_back_but_not_past_either_end(store):
    workshop, _ = workshop_with_topics(store, 0)
    with pytest.raises(phases.PhaseMoveRefused):
        phases.advance(store, workshop, -1, seen_index=0)
    for seen in range(3):
        workshop = phases.advance(store, workshop, +1, seen_index=seen)
    with pytest.raises(phases.PhaseMoveRefused):
        phases.advance(store, workshop, +1, seen_index=3)
    assert phases.current_phase(phases.advance(store, workshop, -1, 3)).key == "voting"


def test_phase_rules_allow_posting_only_in_topics_and_voting_only_in_voting(store):
    workshop, _ = workshop_with_topics(store, 0)
    allowed = []
    for seen in range(4):
        allowed.append((phases.allows(workshop, "post_topic"), phases.allows(workshop, "vote")))
        if seen < 3:
            workshop = phases.advance(store, workshop, +1, seen)
    assert allowed == [(False, False), (True, False), (False, True), (False, False)]


@pytest.mark.parametrize("body, problem", [
    ('key = "x"\nname = "X"\n', "line 1: a method needs at least one"),
    ('key = "x"\nname = "X"\n[[phases]]\nkey = "a"\nactivity = "dance"\ntitle = "A"\n',
     "line 3: phase 'a' has unknown activity 'dance'"),
    ('key = "x"\nname = "X"\n[[phases]]\nkey = "a"\nactivity = "topics"\ntitle = "A"\n'
     '[[phases]]\nkey = "v"\nactivity = "voting"\ntitle = "V"\n[phases.settings]\n'
     'dots = 999\n', "line 7: phase 'v': dots must be a whole number from 1 to 100, not 999"),
    ('key = "x"\nname = "X"\n[[phases]]\nkey = "a"\nactivity = "voting"\ntitle = "A"\n'
     '[phases.settings]\nwings = 2\n', "line 3: phase 'a': unknown setting 'wings'"),
    ('key = "x"\nname = "X"\n[[phases]]\nkey = "a"\nactivity = "topics"\ntitle = "A"\n'
     '[[phases]]\nkey = "a"\nactivity = "voting"\ntitle = "B"\n', "unique"),
    ('key = "x"\nname = "X\n', "bad.toml: .*line 2"),
])
def test_invalid_method_files_are_refused_with_file_line_and_reason(tmp_path, body, problem):
    all_methods()  # the activities are known
    path = tmp_path / "bad.toml"
    path.write_text(body)
    with pytest.raises(MethodError, match=problem):
        load_method(path)
