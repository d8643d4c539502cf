"""ASGI middleware: the request's language, body size limit, rate limits and security
headers."""

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse

from workshop import i18n, retention, settings
from workshop.guards import JOIN_CODE_LENGTH, Refused, normalise_code
from workshop.ratelimits import RateLimits
from workshop.responses import refused
from workshop.settings import BODY_LIMITS, MAX_BODY_BYTES

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class SamlaMiddleware:
    """Sets the language for the request (chosen one, else the workshop's, else Swedish),
    refuses oversized bodies before reading them and requests over a rate limit, and
    adds security headers."""

    def __init__(self, app):
        self.app = app
        self.rate_limits = RateLimits(settings.RATE_LIMITS, settings.RATE_LIMIT_STORAGE)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        workshop = looked_up_workshop(scope)
        if workshop and scope["method"] == "POST":  # someone acted: kept longer
            retention.touch(scope["app"].state.store, workshop)
        chosen = scope.get("session", {}).get("lang")
        language = i18n.pick_language(chosen, workshop["language"] if workshop else None)
        scope.setdefault("state", {})["language"] = language
        scope["state"]["workshop"] = workshop  # read once a request (guards.find_workshop)
        with i18n.language(language):
            if body_too_large(scope):
                response = PlainTextResponse(i18n.gettext("The request is too large."), 413)
                return await response(scope, receive, send)
            if wait := await self.rate_limited(scope, workshop):
                response = await too_many(scope, wait)
                return await response(scope, receive, add_headers(send))
            await self.app(scope, receive, add_headers(send))

    async def rate_limited(self, scope, workshop: dict | None) -> int | None:
        """Seconds this request must wait under settings.RATE_LIMITS, or None: go ahead."""
        address = scope["client"][0] if scope.get("client") else "unknown"
        action = scope["method"], scope["path"]
        if action == ("POST", "/workshops"):
            return await self.rate_limits.hit("workshops", address)
        if action == ("POST", "/import"):
            return (await self.rate_limits.hit("imports", address)
                    or await self.rate_limits.hit("server_imports", "server"))
        if looked_up_code(scope) is not None and not is_member(scope, workshop):
            return await self.code_lookup_limited(scope, address, workshop)
        return None

    async def code_lookup_limited(self, scope, address: str, workshop: dict | None):
        """Looking up a code that does not exist counts as a guess; once an address has
        used up its guesses, every code it looks up is refused for a while, known or not
        (else a known one would stand out). Joining counts per address and workshop."""
        if wait := await self.rate_limits.spent("code_guesses", address):
            return wait
        if workshop is None:
            return await self.rate_limits.hit("code_guesses", address)
        if scope["method"] == "POST" and scope["path"].endswith("/join"):
            return (await self.rate_limits.hit("joins", address)
                    or await self.rate_limits.hit("workshop_joins", str(workshop["id"])))
        return None


def looked_up_code(scope) -> str | None:
    """The join code a request looks up: /w/CODE/… or /join?code=CODE."""
    parts = scope["path"].split("/")
    if len(parts) > 2 and parts[1] == "w":
        return normalise_code(parts[2])
    if scope["path"] == "/join":
        return normalise_code(Request(scope).query_params.get("code", ""))
    return None


def looked_up_workshop(scope) -> dict | None:
    """The workshop of the code a request looks up, if there is one."""
    code = looked_up_code(scope)
    if code is None or len(code) != JOIN_CODE_LENGTH:
        return None
    return scope["app"].state.store.workshop_by_code(code)


def is_member(scope, workshop: dict | None) -> bool:
    """Whether this browser joined or runs the workshop (its cookie holds it)."""
    session = scope.get("session", {})
    return workshop is not None and any(
        str(workshop["id"]) in session.get(kind, {}) for kind in ("participants", "facilitating"))


async def too_many(scope, wait: int):
    """429 with Retry-After, the message in the user's language, as a page or for htmx."""
    message = i18n.gettext("Too many attempts. Wait %(seconds)s seconds and try again.",
                           seconds=wait)
    response = await refused(Request(scope), Refused(message, 429))
    response.headers["Retry-After"] = str(wait)
    return response


def body_too_large(scope) -> bool:
    length = dict(scope["headers"]).get(b"content-length", b"0")
    limit = next((size for end, size in BODY_LIMITS.items() if scope["path"].endswith(end)),
                 MAX_BODY_BYTES)
    return not length.isdigit() or int(length) > limit


def add_headers(send):
    async def send_with_headers(message):
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in SECURITY_HEADERS.items():
                headers.setdefault(name, value)
        await send(message)
    return send_with_headers
