"""Participants: joining without an account, their own state ("me"), and their language.

A participant is a random key in the signed session cookie; nothing personal is
needed. Reloading, or coming back an hour later, finds the same key.
"""

import secrets

from starlette.responses import RedirectResponse
from starlette.routing import Route

from workshop import groups
from workshop.guards import (
    Refused,
    find_workshop,
    participant_of,
    remember,
    require_form,
    require_participant,
    store,
    text_field,
)
from workshop.i18n import lazy_gettext as _l, pick_language
from workshop.responses import page
from workshop.settings import LANGUAGES, NAME_MAX_CHARS
from workshop.views import me_fragment, participant_context


async def participant_view(request):
    workshop = find_workshop(request)
    participant = participant_of(request, workshop)
    if participant is None:
        return page(request, "join.html", {
            "workshop": workshop, "groups": groups.groups_of(store(request), workshop["id"]),
            "link_group": groups.link_group(store(request), workshop,
                                            request.query_params.get("group"))})
    realtime = request.app.state.realtime
    return page(request, "participant.html", {
        **participant_context(realtime, workshop, participant),
        "socket_token": realtime.token(workshop["id"], "participant", request.state.language,
                                       participant["id"]),
    })


async def join(request):
    workshop = find_workshop(request)
    form = await require_form(request)
    if participant_of(request, workshop) is None:
        name = None
        if workshop["names_enabled"] and not workshop["youth_safe"]:
            name = text_field(form, "display_name", NAME_MAX_CHARS, _l("Name"),
                              required=False) or None
        group = groups.chosen_group(store(request), workshop, form.get("group"))
        key = secrets.token_urlsafe(16)
        store(request).insert_participant(workshop["id"], key, name, group)
        remember(request, "participants", workshop, key)
        request.app.state.realtime.publish(workshop["id"], "participation")
    if language := form.get("language"):
        request.session["lang"] = pick_language(str(language))
    return RedirectResponse(request.url_for("participant_view", code=workshop["code"]), 303)


async def me(request):
    """This phone's own pieces (topics, dots, rating card) as out-of-band swaps."""
    workshop = find_workshop(request)
    participant = require_participant(request, workshop)
    return me_fragment(request, workshop, participant)


async def choose_language(request):
    form = await require_form(request)
    language = str(form.get("language", ""))
    if language not in LANGUAGES:
        raise Refused(_l("Choose Swedish or English."), 422)
    request.session["lang"] = language
    back = str(form.get("next", "/"))
    # Only paths on this site: an open redirect would let a link send people anywhere.
    return RedirectResponse(back if back.startswith("/") and not back.startswith("//") else "/",
                            303)


routes = [
    Route("/w/{code}", participant_view, name="participant_view"),
    Route("/w/{code}/join", join, methods=["POST"], name="join"),
    Route("/w/{code}/me", me, name="me"),
    Route("/language", choose_language, methods=["POST"], name="choose_language"),
]
