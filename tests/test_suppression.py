"""Small-group protection (workshop/suppression.py) on built numbers, the subtraction
attack included."""

import itertools
import random

import pytest

from workshop.suppression import COMPLEMENTARY, FEWER_THAN_K, protect, refused_combination


def subtract(answered: dict, values: dict, hidden: dict, k: int = 5) -> dict:
    """The attacker: every group below k whose value follows from the total and what is
    shown, i.e. the only hidden one holding answers. (When no shown group holds answers,
    the hidden one is the whole room: its value is the total, which the room sees.)"""
    total = sum(values.values())
    shown = sum(values[group] for group in values if group not in hidden)
    holding = [group for group in hidden if answered[group] > 0]
    others = [group for group in answered if group not in hidden and answered[group] > 0]
    if len(holding) == 1 and others and answered[holding[0]] < k:
        return {holding[0]: total - shown}
    return {}


def test_a_group_below_k_is_hidden_with_why():
    hidden = protect({"ung": 12, "vårdnadshavare": 9, "personal": 4}, k=5)
    assert hidden["personal"].reason == FEWER_THAN_K and hidden["personal"].k == 5


def test_the_next_smallest_group_is_hidden_so_the_small_one_cannot_be_subtracted():
    hidden = protect({"ung": 6, "vårdnadshavare": 5, "personal": 2, None: 0}, k=5)
    assert {group: h.reason for group, h in hidden.items()} == {
        "personal": FEWER_THAN_K, "vårdnadshavare": COMPLEMENTARY, None: FEWER_THAN_K}


def test_complementary_suppression_repeats_until_the_hidden_groups_hold_k_together():
    # 1 + 1 hidden first; 2 < 5, so 3 goes; 5 answers together: safe.
    hidden = protect({"a": 1, "b": 1, "c": 3, "d": 20, "e": 30}, k=5)
    assert set(hidden) == {"a", "b", "c"} and hidden["c"].reason == FEWER_THAN_K
    hidden = protect({"a": 1, "b": 1, "c": 7, "d": 20}, k=5)
    assert set(hidden) == {"a", "b", "c"} and hidden["c"].reason == COMPLEMENTARY


def test_two_small_groups_that_together_reach_k_need_no_third():
    assert set(protect({"a": 3, "b": 3, "c": 10}, k=5)) == {"a", "b"}


def test_a_group_where_nobody_answered_is_hidden_and_covered_before_its_first_answer():
    """Live results: were the cover to come only with the small group's first answer,
    the change on the screen would point at that answer."""
    hidden = protect({"a": 2, "empty": 0, "b": 8}, k=5)
    assert {group: h.reason for group, h in hidden.items()} == {
        "a": FEWER_THAN_K, "empty": FEWER_THAN_K, "b": COMPLEMENTARY}
    before = protect({"empty": 0, "b": 8, "c": 9}, k=5)
    after = protect({"empty": 1, "b": 8, "c": 9}, k=5)
    assert set(before) == set(after) == {"empty", "b"}


def test_without_a_total_shown_only_small_groups_are_hidden():
    assert set(protect({"a": 2, "b": 8}, k=5, total_shown=False)) == {"a"}


def test_k_below_three_is_refused():
    with pytest.raises(ValueError):
        protect({"a": 1}, k=2)


def test_no_single_group_below_k_can_be_subtracted_from_random_rooms():
    """The subtraction attack on 2,000 built rooms: each group's answers, a value per
    person; whenever the attacker isolates a hidden group, it must hold k or more."""
    rng = random.Random(13)
    for _ in range(2000):
        k = rng.randint(3, 8)
        answered = {group: rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 15]) for group in range(rng.randint(1, 6))}
        values = {group: sum(rng.randint(0, 5) for _ in range(n)) for group, n in answered.items()}
        hidden = protect(answered, k)
        assert all(group in hidden for group, n in answered.items() if n < k)
        assert subtract(answered, values, hidden, k) == {}
        together = sum(answered[group] for group in hidden)
        everyone_hidden = all(group in hidden for group, n in answered.items() if n > 0)
        assert not hidden or together >= k or everyone_hidden


def test_the_attacker_would_read_the_small_group_if_only_it_were_hidden():
    """The attack itself works: hiding only the small group gives it away."""
    answered, values = {"a": 6, "b": 5, "c": 2}, {"a": 10, "b": 7, "c": 4}
    only_primary = {group: h for group, h in protect(answered, 5, total_shown=False).items()}
    assert subtract(answered, values, only_primary) == {"c": 4}
    assert subtract(answered, values, protect(answered, 5)) == {}


@pytest.mark.parametrize("chosen, refused", [
    ({"personal"}, True),  # 2 answers
    ({"personal", "vårdnadshavare"}, False),  # 7 answers, 6 outside
    ({"ung", "vårdnadshavare"}, True),  # 11 inside, but only the 2 of personal outside
    ({"ung", "vårdnadshavare", "personal"}, False),  # everyone: the total
])
def test_a_filter_combining_groups_is_refused_below_k_inside_or_outside(chosen, refused):
    answered = {"ung": 6, "vårdnadshavare": 5, "personal": 2}
    assert refused_combination(answered, chosen, 5) is refused


def test_every_combination_allowed_leaves_no_group_below_k_by_subtraction():
    answered = {"a": 6, "b": 5, "c": 2, "d": 9}
    for size in range(1, 5):
        for chosen in itertools.combinations(answered, size):
            if not refused_combination(answered, set(chosen), 5):
                inside = sum(answered[g] for g in chosen)
                assert inside >= 5 and (sum(answered.values()) - inside in (0,) or
                                        sum(answered.values()) - inside >= 5)
