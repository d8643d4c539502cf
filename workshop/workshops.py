"""Workshops: creating one from a method (its own plan, with settings from the form),
the facilitator link, the three live views, and moving between phases.

The participant, projector and facilitator pages share one context builder
(views.stage_context), used for the full page and for every live push of its stage.
"""

import ipaddress
import secrets
import socket
from urllib.parse import urlsplit

import segno
from starlette.responses import RedirectResponse
from starlette.routing import Route

from workshop import activities, phases
from workshop.db import now_iso
from workshop.events import PARTICIPATION_CHANGED, PHASE_CHANGED
from workshop.groups import add_method_groups, groups_context
from workshop.guards import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    Refused,
    facilitator_form,
    facilitators_workshop,
    find_workshop,
    hash_secret,
    int_field,
    normalise_code,
    remember,
    require_form,
    store,
    text_field,
)
from workshop.i18n import lazy_gettext as _l, pick_language
from workshop.methods import DEFAULT_METHOD, Phase, all_methods, plan_json
from workshop.realtime import live_part
from workshop.responses import done, page
from workshop.settings import (
    DEFAULT_DOTS,
    DEFAULT_DOTS_PER_TOPIC,
    DEFAULT_TOPICS_PER_PARTICIPANT,
    DESCRIPTION_MAX_CHARS,
    HOST,
    MAX_DOTS,
    MAX_TOPICS_PER_PARTICIPANT,
    PORT,
    PUBLIC_URL,
    TITLE_MAX_CHARS,
)
from workshop.templating import render_fragment
from workshop.views import participation, stage_context


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def create_workshop(store, settings: dict) -> tuple[dict, str]:
    """Create a workshop; returns it with the facilitator secret (shown once, stored hashed)."""
    secret = secrets.token_urlsafe(24)  # 192 bits
    while True:
        created = now_iso()
        workshop = store.insert_workshop({
            **settings,
            "code": new_join_code(),
            "facilitator_secret_hash": hash_secret(secret),
            "projector_key": secrets.token_urlsafe(12),
            "created_at": created,
            "last_active_at": created,
        })
        if workshop:
            return workshop, secret


def workshop_settings(form) -> dict:
    """The facilitator's choices from the create form, validated: the workshop's fields
    and its own plan (the method's phases, settings the form sets filled in)."""
    method = all_methods().get(str(form.get("method", DEFAULT_METHOD)))
    if method is None:
        raise Refused(_l("Choose one of the listed methods."), 422)
    # Youth-safe mode (the method's, or the facilitator's choice) has no names at all.
    youth_safe = method.youth_safe or form.get("youth_safe") == "on"
    return {
        "title": text_field(form, "title", TITLE_MAX_CHARS, _l("Title")),
        "description": text_field(form, "description", DESCRIPTION_MAX_CHARS,
                                  _l("Question or description"), required=False,
                                  multiline=True),
        "language": pick_language(str(form.get("language", ""))),
        "method": method.key,
        "plan": plan_json(phase_from_form(phase, form) for phase in method.phases),
        "names_enabled": int(form.get("names_enabled") == "on" and not youth_safe),
        "youth_safe": int(youth_safe),
        "premoderation": int(form.get("premoderation") == "on"),
    }


def phase_from_form(phase: Phase, form) -> Phase:
    """The phase with the settings the create form sets for its activity."""
    values = dict(phase.settings)
    for setting in activities.get(phase.activity).settings:
        if setting.form_field:
            values[setting.key] = setting.from_form(form, values)
    return Phase(phase.key, phase.activity, phase.title, phase.prompt, values)


@live_part("stage")
def render_stage(realtime, workshop, role, ids):
    html = render_fragment(f"{role}.html", "stage", **stage_context(realtime, workshop, role))
    return PHASE_CHANGED, {"target": "stage", "html": html}


@live_part("participation")
def render_participation(realtime, workshop, role, ids):
    if role == "participant":
        return None
    html = render_fragment(f"{role}.html", "participation", workshop=workshop,
                           participation=participation(realtime, workshop))
    return PARTICIPATION_CHANGED, {"target": "participation", "html": html}


@live_part("progress", follows=("participation",))
def render_progress(realtime, workshop, role, ids):
    """The projector's live progress of the phase ("7 of 10 have voted"), with the counts."""
    if role != "projector":
        return None
    phase = phases.current_phase(workshop)
    html = render_fragment("projector.html", "progress",
                           progress=activities.get(phase.activity).progress(realtime, workshop,
                                                                            phase))
    return PARTICIPATION_CHANGED, {"target": "progress", "html": html}


def join_url(request, workshop) -> str:
    """The address phones open to join: on PUBLIC_URL, else where the facilitator's browser
    reached Samla if that is this computer (`is_this_computer`); when that was this
    computer's own name (localhost) and Samla listens on the network, on this computer's
    address in the local network instead. A Host header naming anything else (a DNS
    rebinding, a forged header) gives the address Samla listens on, never the header's."""
    path = request.url_for("participant_view", code=workshop["code"]).path
    if PUBLIC_URL:
        return PUBLIC_URL + path
    port = f":{request.url.port}" if request.url.port else ""
    if is_loopback(request.url.hostname) and (address := network_address()):
        return f"{request.url.scheme}://{address}{port}{path}"
    if not is_this_computer(request.url.hostname, request.scope.get("server")):
        return f"{request.url.scheme}://{network_address() or 'localhost'}:{PORT}{path}"
    return str(request.base_url).rstrip("/") + path


def is_this_computer(host: str | None, arrived_at: tuple | None) -> bool:
    """Whether a Host header names this computer: a loopback name or address, the address
    the request arrived at (`arrived_at`, the ASGI scope's server: any of the addresses
    Samla listens on, LAN ones included), or this computer's name (also as NAME.local, as
    phones resolve it in a LAN)."""
    host = (host or "").strip("[]").lower()
    name = socket.gethostname().lower()
    return (is_loopback(host) or host in (name, f"{name}.local")
            or (arrived_at is not None and host == str(arrived_at[0]).strip("[]").lower()))


def network_address() -> str | None:
    """Where phones in the local network reach Samla: the address it listens on, or this
    computer's when it listens on all of them (0.0.0.0); None when it listens on this
    computer only (the default, 127.0.0.1)."""
    if is_loopback(HOST):
        return None
    return lan_address() if HOST in ("0.0.0.0", "::", "") else HOST


def is_loopback(host: str | None) -> bool:
    """Whether a host name or address is this computer only (localhost, 127.x, ::1)."""
    host = (host or "").strip("[]")
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost" or host.endswith(".localhost")


def lan_address() -> str | None:
    """This computer's address in the local network (the one its default route uses), or
    None without a network. Connecting a UDP socket sends nothing."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1 (RFC 5737): never reached
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if is_loopback(address) else address


def localhost_join(request, url: str) -> dict | None:
    """When phones could not open the join link, as it points to this computer itself:
    {"lan_url": where phones would join once Samla listens on the network (None when
    this computer has no network address)}, for the facilitator view. None otherwise."""
    if not is_loopback(urlsplit(url).hostname):
        return None
    lan, port = lan_address(), f":{request.url.port}" if request.url.port else ""
    return {"lan_url": f"http://{lan}{port}/" if lan else None}


def qr_svg(url: str, title: str) -> str:
    return segno.make(url, error="m").svg_inline(
        scale=1, border=2, omitsize=True, title=title, svgclass="qr")


async def start_page(request):
    return page(request, "start.html", {"methods": all_methods(), "DEFAULT_METHOD": DEFAULT_METHOD,
                                        "DEFAULT_DOTS": DEFAULT_DOTS,
                                        "DEFAULT_DOTS_PER_TOPIC": DEFAULT_DOTS_PER_TOPIC,
                                        "MAX_DOTS": MAX_DOTS,
                                        "DEFAULT_TOPICS_PER_PARTICIPANT":
                                            DEFAULT_TOPICS_PER_PARTICIPANT,
                                        "MAX_TOPICS_PER_PARTICIPANT": MAX_TOPICS_PER_PARTICIPANT})


async def create(request):
    form = await require_form(request)
    workshop, secret = create_workshop(store(request), workshop_settings(form))
    add_method_groups(store(request), workshop, all_methods()[workshop["method"]].groups)
    remember(request, "facilitating", workshop, secret)
    request.session["lang"] = workshop["language"]
    return RedirectResponse(request.url_for("facilitator_view", code=workshop["code"]), 303)


async def join_by_code(request):
    code = normalise_code(request.query_params.get("code", ""))
    if not store(request).workshop_by_code(code):
        raise Refused(_l("There is no workshop with that code. Check the code and try again."), 404)
    return RedirectResponse(request.url_for("participant_view", code=code), 303)


async def facilitator_link(request):
    secret = request.path_params["secret"]
    workshop = store(request).workshop_by_secret_hash(hash_secret(secret))
    if workshop is None:
        raise Refused(_l("This facilitator link is not valid."), 404)
    remember(request, "facilitating", workshop, secret)
    return RedirectResponse(request.url_for("facilitator_view", code=workshop["code"]), 303)


async def facilitator_view(request):
    workshop = facilitators_workshop(request)
    realtime = request.app.state.realtime
    language = request.state.language
    secret = request.session["facilitating"][str(workshop["id"])]
    url = join_url(request, workshop)
    return page(request, "facilitator.html", {
        **stage_context(realtime, workshop, "facilitator"),
        "socket_token": realtime.token(workshop["id"], "facilitator", language),
        "join_url": url,
        "localhost_join": localhost_join(request, url),
        "projector_url": str(request.url_for("projector_view", code=workshop["code"]))
        + f"?key={workshop['projector_key']}",
        "facilitator_url": str(request.url_for("facilitator_link", secret=secret)),
        "facilitator_links": [link for activity in activities.in_order()
                              for link in activity.facilitator_links(workshop)],
        **groups_context(store(request), workshop, url),
    })


async def projector_view(request):
    workshop = find_workshop(request)
    if not secrets.compare_digest(request.query_params.get("key", ""),
                                  workshop["projector_key"]):
        raise Refused(_l("This projector link is not valid."), 404)
    realtime = request.app.state.realtime
    url = join_url(request, workshop)
    return page(request, "projector.html", {
        **stage_context(realtime, workshop, "projector"),
        "socket_token": realtime.token(workshop["id"], "projector", request.state.language),
        "join_url": url,
        "qr": qr_svg(url, str(_l("QR code that opens the workshop on your phone"))),
    })


async def move_phase(request):
    workshop, form = await facilitator_form(request)
    step = 1 if form.get("step") == "next" else -1
    seen = int_field(form, "seen", 0, len(phases.plan_of(workshop)) - 1, _l("Phase"))
    try:
        phases.advance(store(request), workshop, step, seen)
    except phases.PhaseMoveRefused:
        raise Refused(_l("The phase had already changed. The page now shows the current phase."),
                      409)
    for part in ("stage", "participation"):
        request.app.state.realtime.publish(workshop["id"], part)
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


routes = [
    Route("/", start_page, name="start"),
    Route("/workshops", create, methods=["POST"], name="create_workshop"),
    Route("/join", join_by_code, name="join_by_code"),
    Route("/f/{secret}", facilitator_link, name="facilitator_link"),
    Route("/w/{code}/projector", projector_view, name="projector_view"),
    Route("/w/{code}/facilitator", facilitator_view, name="facilitator_view"),
    Route("/w/{code}/phase", move_phase, methods=["POST"], name="move_phase"),
]
