"""Small-group protection: which groups' results may be shown. Pure: no I/O, no state.

The practice of employee-survey tools (Viva Glint's confidentiality threshold, Qualtrics
EX's anonymity threshold, Culture Amp's minimum reporting group, each 5 by default):
the results of a group with fewer than k people who answered are not shown, only why
("färre än 5 svar"). Samla's k is the workshop's group_min_size, never below MIN_K.

Hiding one group is not enough when the total and the other groups are shown: the
hidden group's result is then the total minus the rest. Statistical offices call the
remedy secondary or complementary cell suppression (Hundepool et al., *Statistical
Disclosure Control*, Wiley 2012, ch. 4.3): hide further cells until what subtraction
reveals, the hidden groups taken together, is itself at least k. Here the next smallest
group that answered is hidden, and the reasoning repeated until that holds. Samla's
results are live, so a group with no answers yet is hidden and covered too: a view that
changes when a small group's first answer arrives would point at that answer.

A filter that combines groups (say "all staff") is a group too: `refused_combination`
refuses one with fewer than k answers, or one that leaves fewer than k outside it while
the total is shown (total minus the combination).

Free text attributed to a group identifies people more easily than a count; it takes
a higher k (the workshop's group_text_min_size, 8 by default), with the same rules.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

MIN_K = 3
DEFAULT_K = 5
DEFAULT_TEXT_K = 8
FEWER_THAN_K = "fewer_than_k"  # the group itself has too few answers
COMPLEMENTARY = "complementary"  # hidden so that the smaller one cannot be subtracted out


@dataclass(frozen=True)
class Hidden:
    """Why a group's results are not shown: FEWER_THAN_K or COMPLEMENTARY, and the k."""
    reason: str
    k: int


def protect(answered: Mapping[Hashable, int], k: int,
            total_shown: bool = True) -> dict[Hashable, Hidden]:
    """The groups to hide, with why, given how many answered in each group.

    `answered` must hold every group of the partition (the participants who chose no
    group too), so that the groups add up to the total. Primary suppression hides each
    group with fewer than k answers, none included: a live view that showed "0 svar"
    and then hid the group would tell the room that its first member just answered, and
    the total's change would tell what. When `total_shown`, complementary suppression
    then hides the next smallest group that answered while the hidden ones together hold
    fewer than k answers, none included: a cover that came only with a small group's
    first answer would flag that answer just the same. ValueError when k is below MIN_K.
    """
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}, not {k}")
    hidden = {group: Hidden(FEWER_THAN_K, k) for group, n in answered.items() if n < k}
    while total_shown and hidden and sum(answered[group] for group in hidden) < k:
        shown = [group for group, n in answered.items() if n > 0 and group not in hidden]
        if not shown:
            break
        hidden[min(shown, key=lambda group: answered[group])] = Hidden(COMPLEMENTARY, k)
    return hidden


def refused_combination(answered: Mapping[Hashable, int], chosen: set, k: int,
                        total_shown: bool = True) -> bool:
    """Whether a filter combining the `chosen` groups must be refused: it holds 1 to k-1
    answers, or (when the total is shown) those outside it hold 1 to k-1 answers."""
    inside = sum(n for group, n in answered.items() if group in chosen)
    outside = sum(n for group, n in answered.items() if group not in chosen)
    return 0 < inside < k or (total_shown and 0 < outside < k)
