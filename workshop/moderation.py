"""Whether a post is shown at once or waits for the facilitator, and what its writer is told.

Any activity that takes text from phones asks `held_because(workshop, text)` before it
shows it: in youth-safe mode a post that looks like it holds personal data
(personal_data.find_personal_data: identity numbers, phone numbers, e-mail, street
addresses) waits; with pre-moderation every post waits. The activity keeps waiting posts
apart from shown ones (topics: the held_posts table) and lets the facilitator approve,
edit or delete them. An activity that shows a phone's text at once and keeps no queue
(the actor map) refuses such text in youth-safe mode instead: `refuse_personal`. This
module names no activity.
"""

from workshop.guards import Refused
from workshop.i18n import lazy_gettext as _l
from workshop.personal_data import find_personal_data

PREMODERATION = "premoderation"
# What the writer is told was found, in the order a note names them.
FOUND_WORDS = {
    "personnummer": _l("a personal identity number"),
    "samordningsnummer": _l("a co-ordination number"),
    "phone": _l("a phone number"),
    "email": _l("an e-mail address"),
    "address": _l("an address"),
}


def held_because(workshop: dict, text: str, premoderated: bool = True) -> tuple[str, ...]:
    """Why a post must wait for the facilitator: the kinds of personal data found in it
    (youth-safe mode), else ("premoderation",) when the workshop holds every post and
    `premoderated` (a post from a phone, not the facilitator's own); () to show it now."""
    if workshop["youth_safe"]:
        kinds = tuple(dict.fromkeys(finding.kind for finding in find_personal_data(text)))
        if kinds:
            return kinds
    return (PREMODERATION,) if workshop["premoderation"] and premoderated else ()


def kind_note(workshop: dict, reasons: tuple[str, ...]) -> str:
    """What the writer of a held post reads: why it waits, and that nothing is wrong."""
    if reasons == (PREMODERATION,):
        return str(_l("Thank you! Every post is read before it is shown. Yours will be shown "
                      "when it has been read.") if not workshop["youth_safe"] else
                   _l("Thank you! A grown-up reads every post before it is shown. Yours will "
                      "be shown soon."))
    found = [str(FOUND_WORDS[kind]) for kind in reasons if kind in FOUND_WORDS]
    return str(_l("Thank you! Your post looks like it contains %(found)s. A grown-up will "
                  "look at it first, so that nobody shares things that should stay private. "
                  "It is shown when it has been checked.") % {"found": joined(found)})


def joined(words: list[str]) -> str:
    """"a, b and c" in the reader's language."""
    if len(words) < 2:
        return "".join(words)
    return str(_l("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]),
                                                 "last": words[-1]})


def reasons_text(reasons: tuple[str, ...]) -> str:
    """The facilitator's short line for a held post: what was found, or 'all posts are
    read first'."""
    if reasons == (PREMODERATION,):
        return str(_l("All posts are read first"))
    return str(_l("Looks like it contains %(found)s") % {
        "found": joined([str(FOUND_WORDS[kind]) for kind in reasons if kind in FOUND_WORDS])})


def refuse_personal(workshop: dict, *texts: str) -> None:
    """In youth-safe mode, refuse (422) texts that look like they hold personal data,
    saying what was found, so that the phone can send them again without it; for text
    that is shown at once, with no moderation queue to wait in."""
    if not workshop["youth_safe"]:
        return
    kinds = dict.fromkeys(finding.kind for text in texts for finding in find_personal_data(text))
    if kinds:
        raise Refused(str(_l("It looks like you wrote %(found)s. Write it without that, so "
                             "that nobody shares things that should stay private.")
                          % {"found": joined([str(FOUND_WORDS[kind]) for kind in kinds])}), 422)
