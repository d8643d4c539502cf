"""ASGI middleware: the request's language, body size limit and security headers."""

from starlette.datastructures import MutableHeaders
from starlette.responses import PlainTextResponse

from workshop import i18n
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
    refuses oversized bodies before reading them, and adds security headers."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        chosen = scope.get("session", {}).get("lang")
        language = i18n.pick_language(chosen, workshop_language(scope))
        scope.setdefault("state", {})["language"] = language
        with i18n.language(language):
            if body_too_large(scope):
                response = PlainTextResponse(i18n.gettext("The request is too large."), 413)
                return await response(scope, receive, send)
            await self.app(scope, receive, add_headers(send))


def workshop_language(scope) -> str | None:
    """A workshop page speaks the workshop's language until the user picks one."""
    parts = scope["path"].split("/")
    if len(parts) > 2 and parts[1] == "w":
        store = scope["app"].state.store
        workshop = store.workshop_by_code(parts[2].upper())
        return workshop["language"] if workshop else None
    return None


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
