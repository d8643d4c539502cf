"""Guards written once: who may act, in which phase, with which form.

Handlers call these first; each raises Refused with a message in the user's
language, and the app turns that into a clear answer (see app.refused).
"""

import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from starlette.requests import Request

from workshop import phases, text
from workshop.i18n import lazy_gettext as _l
from workshop.settings import MAX_BODY_BYTES, SESSION_MAX_WORKSHOPS

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L look-alikes
JOIN_CODE_LENGTH = 6


class Refused(Exception):
    def __init__(self, message, status: int = 400):
        super().__init__(str(message))
        self.message = message
        self.status = status


def store(request: Request):
    return request.app.state.store


def normalise_code(code: str) -> str:
    """A join code as people type it ("abc def", "ABC-DEF", "abc.def"): its letters and
    digits in upper case (the first JOIN_CODE_LENGTH of them); spaces, dashes and dots
    left out. Full-width letters (some phone keyboards) count as ordinary ones."""
    kept = [c for c in unicodedata.normalize("NFKC", code) if c.isascii() and c.isalnum()]
    return "".join(kept).upper()[:JOIN_CODE_LENGTH]


def find_workshop(request: Request) -> dict:
    """The workshop of the code in the path: as the middleware read it for this request
    (one read a request), else read now; Refused 404 when there is none."""
    code = normalise_code(request.path_params["code"])
    workshop = request.scope.get("state", {}).get("workshop")
    if workshop is None or workshop["code"] != code:
        workshop = store(request).workshop_by_code(code)
    if workshop is None:
        raise Refused(_l("There is no workshop with that code. Check the code and try again."), 404)
    return workshop


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def require_facilitator(request: Request, workshop: dict) -> None:
    secret = request.session.get("facilitating", {}).get(str(workshop["id"]), "")
    if not hmac.compare_digest(hash_secret(secret), workshop["facilitator_secret_hash"]):
        raise Refused(_l("Only the facilitator can do this. Open the facilitator link again."), 403)


def remember(request: Request, kind: str, workshop: dict, value: str) -> None:
    """Keep a per-workshop value (participant key, facilitator secret) in the signed cookie,
    for the SESSION_MAX_WORKSHOPS workshops of that kind remembered last.

    Browsers drop a cookie over 4 KB, and with it every workshop in it; the oldest go
    first instead (a facilitator gets one back with its facilitator link). Assigned
    anew, because the session notices assignments, not changes inside them.
    """
    kept = {key: known for key, known in request.session.get(kind, {}).items()
            if key != str(workshop["id"])}
    kept[str(workshop["id"])] = value
    request.session[kind] = dict(list(kept.items())[-SESSION_MAX_WORKSHOPS:])


def facilitators_workshop(request: Request) -> dict:
    """The workshop of a facilitator's page, refused without the facilitator's secret."""
    workshop = find_workshop(request)
    require_facilitator(request, workshop)
    return workshop


async def facilitator_form(request: Request, **limits):
    """The workshop and the checked form of a facilitator's action."""
    workshop = facilitators_workshop(request)
    return workshop, await require_form(request, **limits)


def participant_of(request: Request, workshop: dict) -> dict | None:
    key = request.session.get("participants", {}).get(str(workshop["id"]))
    return store(request).participant_by_key(workshop["id"], key) if key else None


def require_participant(request: Request, workshop: dict) -> dict:
    participant = participant_of(request, workshop)
    if participant is None:
        raise Refused(_l("Join the workshop first."), 403)
    return participant


# The id samla.js gives each action it sends (header X-Samla-Action): random, URL-safe.
ACTION_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


@contextmanager
def once(request: Request, participant: dict) -> Iterator[bool]:
    """The transaction of a phone's write, done once however often the phone sends it.

    Yields True the first time the action's id (the X-Samla-Action header) is seen, False
    for a retry of an action already done (its answer was lost: a timeout, a dropped
    connection): the handler then skips the write and answers with the state as it is.
    The id is stored in the same transaction as the write, so a refused or failed write
    (an exception inside) stores neither and a retry is judged afresh.
    """
    action_id = request.headers.get("x-samla-action")
    if action_id is not None and not ACTION_ID.fullmatch(action_id):
        raise Refused(_l("The page was out of date. Reload it and try again."), 400)
    with store(request).transaction():
        yield store(request).first_time(participant["id"], action_id)


def require_phase(workshop: dict, action: str) -> None:
    if not phases.allows(workshop, action):
        raise Refused(_l("That is not possible in this phase of the workshop."), 409)


def csrf_token(request: Request) -> str:
    if "csrf" not in request.session:
        request.session["csrf"] = secrets.token_urlsafe(24)
    return request.session["csrf"]


async def require_form(request: Request, max_files: int = 0,
                       max_part_size: int = MAX_BODY_BYTES):
    """The posted form, once its CSRF token is checked."""
    form = await request.form(max_files=max_files, max_fields=30, max_part_size=max_part_size)
    sent = form.get("csrf_token") or request.headers.get("x-csrf-token", "")
    expected = request.session.get("csrf", "")
    if not expected or not hmac.compare_digest(str(sent), expected):
        raise Refused(_l("The page was out of date. Reload it and try again."), 403)
    return form


def text_field(form, name: str, max_chars: int, label, required: bool = True,
               multiline: bool = False, several_lines=None) -> str:
    """A field's text as `text.clean` keeps it, refused when empty, invisible or too long.

    Length is counted in characters (code points) after cleaning. Text with nothing visible
    (only zero-width or format characters, or lone accents) counts as empty: refused when
    required, "" otherwise. A single-line field refuses several lines rather than join them
    into one; `several_lines` is the refusal's text then, with %(count)s for the lines.
    """
    raw = str(form.get(name, ""))
    if not multiline and len(lines := text.list_items(raw)) > 1:
        raise Refused(FieldMessage(several_lines or SEVERAL_LINES, label, count=len(lines)), 422)
    value = text.clean(raw, multiline)
    if not text.has_visible(value):
        if required:
            raise Refused(FieldMessage(INVISIBLE if raw.strip() else EMPTY, label), 422)
        return ""
    refuse_longer(value, max_chars, label)
    return value


def list_field(form, name: str, max_chars: int, label) -> list[str]:
    """Each line of a pasted list as its own text (`text.list_items`: cleaned, list markers
    stripped, blank lines left out), each checked like `text_field`; refused when none."""
    items = text.list_items(str(form.get(name, "")))
    if not items:
        raise Refused(FieldMessage(EMPTY, label), 422)
    for number, item in enumerate(items, 1):
        if len(item) > max_chars:
            raise Refused(FieldMessage(LONG_LINE, label, number=number, max=max_chars,
                                       count=len(item)), 422)
    return items


def refuse_longer(value: str, max_chars: int, label) -> None:
    if len(value) > max_chars:
        raise Refused(FieldMessage(
            _l("%(field)s can be at most %(max)s characters (yours has %(count)s)."),
            label, max=max_chars, count=len(value)), 422)


EMPTY = _l("%(field)s cannot be empty.")
INVISIBLE = _l("%(field)s needs at least one visible letter, number or sign.")
LONG_LINE = _l("%(field)s: line %(number)s is longer than %(max)s characters (it has "
                "%(count)s). Shorten it and try again; nothing was added.")
SEVERAL_LINES = _l("%(field)s must be on one line, and yours has %(count)s lines.")


def int_field(form, name: str, low: int, high: int, label, default: int | None = None) -> int:
    raw = str(form.get(name, "")).strip()
    if not raw and default is not None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise Refused(FieldMessage(_l("%(field)s must be a whole number from %(low)s to %(high)s."),
                                   label, low=low, high=high), 422)
    return value


class FieldMessage:
    """A refusal naming a form field, translated when shown."""

    def __init__(self, template, label, **values):
        self.template, self.label, self.values = template, label, values

    def __str__(self):
        return str(self.template) % {"field": str(self.label), **self.values}
