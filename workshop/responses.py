"""How Samla answers: full pages, finished actions and refusals, for htmx and plain forms alike."""

from starlette.responses import PlainTextResponse, RedirectResponse, Response

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


async def refused(request, exc: Refused) -> Response:
    """A refused action: the reason in the user's language, the page left as it was."""
    if is_htmx(request):
        return PlainTextResponse(str(exc.message), exc.status)
    return page(request, "refused.html", {"message": str(exc.message)}, exc.status)
