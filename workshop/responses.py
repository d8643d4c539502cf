"""How Samla answers: full pages, finished actions and refusals, for htmx and plain forms alike."""

from markupsafe import escape
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from workshop.guards import Refused, csrf_token
from workshop.templating import templates


def page(request, template: str, context: dict, status_code: int = 200):
    """A full page, with what every page needs (the CSRF token)."""
    return templates.TemplateResponse(
        request, template, {"csrf_token": csrf_token(request), **context},
        status_code=status_code)


def is_htmx(request) -> bool:
    return request.headers.get("hx-request") == "true"


def done(request, back_to) -> Response:
    """An action succeeded: htmx gets 204 (the change arrives live), a plain form a redirect."""
    if is_htmx(request):
        return Response(status_code=204)
    return RedirectResponse(str(back_to), 303)


def done_saying(request, back_to, text: str) -> Response:
    """An action succeeded and says what it did ("Klart: 15 teman"): htmx gets the text
    for the page's status line (#status, a live region, so screen readers say it too);
    a plain form a redirect."""
    if is_htmx(request):
        return HTMLResponse(f'<div id="status" hx-swap-oob="innerHTML">{escape(text)}</div>')
    return RedirectResponse(str(back_to), 303)


async def refused(request, exc: Refused) -> Response:
    """A refused action: the reason in the user's language, the page left as it was."""
    if is_htmx(request):
        return PlainTextResponse(str(exc.message), exc.status)
    return page(request, "refused.html", {"message": str(exc.message)}, exc.status)
