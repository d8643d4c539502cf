"""Participant groups (segments): the facilitator's groups of a workshop ("Ung 13–17",
"Vårdnadshavare" …), the one a phone picks on joining or its join link carries, a join
link and QR code per group, and the workshop's small-group protection settings.

A group is a number within its workshop (the join link says ?group=2) and a label. A
participant's group is NULL when they chose none ("Vill inte säga"), which is allowed
unless the facilitator requires a choice: a forced answer is often a wrong one, and
which group someone belongs to is itself personal data, so by default nobody has to
give it. Results per group are read through activities.by_group, which hides small
groups (suppression.py).
"""

from starlette.routing import Route

from workshop import i18n
from workshop.guards import (
    Refused,
    facilitator_form,
    facilitators_workshop,
    int_field,
    store,
    text_field,
)
from workshop.i18n import lazy_gettext as _l
from workshop.responses import done, page
from workshop.settings import GROUP_LABEL_MAX_CHARS, MAX_GROUPS
from workshop.suppression import MIN_K

# Highest k a facilitator may set: beyond it hardly any workshop would show a group.
MAX_K = 50


def groups_of(store, workshop_id: int) -> list[dict]:
    """The workshop's groups in order: [{number, label}]."""
    return list(store.db.query("SELECT number, label FROM participant_groups"
                               " WHERE workshop_id = ? ORDER BY number", [workshop_id]))


def add_group(store, workshop_id: int, label: str) -> bool:
    """Add a group after the others, unless the workshop has MAX_GROUPS or one with the
    same label already (one statement: two facilitators at once cannot overshoot)."""
    cursor = store.db.execute(
        """INSERT INTO participant_groups (workshop_id, number, label)
           SELECT :w, coalesce(max(number), 0) + 1, :label FROM participant_groups
           WHERE workshop_id = :w
           HAVING count(*) < :most AND coalesce(sum(label = :label), 0) = 0""",
        {"w": workshop_id, "label": label, "most": MAX_GROUPS})
    return cursor.rowcount == 1


def remove_group(store, workshop_id: int, number: int) -> bool:
    """Remove a group nobody has joined (the results of those who did stay theirs)."""
    cursor = store.db.execute(
        "DELETE FROM participant_groups WHERE workshop_id = ? AND number = ? AND NOT EXISTS"
        " (SELECT 1 FROM participants WHERE workshop_id = ? AND group_number = ?)",
        [workshop_id, number, workshop_id, number])
    return cursor.rowcount == 1


def members(store, workshop_id: int) -> dict[int | None, int]:
    """How many joined each group (None: no group chosen)."""
    return dict(store.db.execute(
        "SELECT group_number, count(*) FROM participants WHERE workshop_id = ?"
        " GROUP BY group_number", [workshop_id]).fetchall())


def add_method_groups(store, workshop: dict, labels: tuple[str, ...]) -> None:
    """A new workshop's default groups from its method, in the workshop's language."""
    with i18n.language(workshop["language"]):
        for label in labels:
            add_group(store, workshop["id"], i18n.gettext(label))


def import_groups(store, workshop: dict, groups: dict | None) -> set[int]:
    """An imported export's groups, with their numbers, and its protection settings;
    returns the numbers (an archive export links participants to them)."""
    if not groups:
        return set()
    for group in groups["list"]:
        store.db.execute("INSERT OR IGNORE INTO participant_groups (workshop_id, number, label)"
                         " VALUES (?, ?, ?)", [workshop["id"], group["id"], group["label"]])
    set_protection(store, workshop["id"], group_min_size=groups["min_size"],
                   group_text_min_size=max(groups["text_min_size"], groups["min_size"]),
                   group_required=int(groups["required"]))
    return {group["id"] for group in groups["list"]}


def set_protection(store, workshop_id: int, **values) -> None:
    """Save the workshop's group settings: group_min_size, group_text_min_size,
    group_required, groups_on_projector (the columns of the same names)."""
    store.db.execute("UPDATE workshops SET " + ", ".join(f"{key} = :{key}" for key in values)
                     + " WHERE id = :id", {**values, "id": workshop_id})


def chosen_group(store, workshop: dict, raw) -> int | None:
    """The group a join form (or join link) names: a number of this workshop's groups,
    None for "rather not say"; Refused when the facilitator requires a choice."""
    numbers = {group["number"] for group in groups_of(store, workshop["id"])}
    value = str(raw or "").strip()
    if value.isdigit() and int(value) in numbers:
        return int(value)
    if value not in ("", "none") or (numbers and workshop["group_required"]):
        raise Refused(_l("Choose the group you belong to."), 422)
    return None


def link_group(store, workshop: dict, raw) -> int | None:
    """The group a join link carries (?group=2), None when it names none of them."""
    value = str(raw or "")
    numbers = {group["number"] for group in groups_of(store, workshop["id"])}
    return int(value) if value.isdigit() and int(value) in numbers else None


def group_links(join_url: str, groups: list[dict]) -> list[dict]:
    """Each group with its own join link (the plain link with ?group=N)."""
    return [{**group, "url": f"{join_url}?group={group['number']}"} for group in groups]


def groups_context(store, workshop: dict, join_url: str) -> dict:
    """The facilitator's group card: groups with links and members, and the settings."""
    joined = members(store, workshop["id"])
    return {"groups": [{**group, "members": joined.get(group["number"], 0)}
                       for group in group_links(join_url, groups_of(store, workshop["id"]))],
            "no_group_members": joined.get(None, 0), "MIN_K": MIN_K, "MAX_K": MAX_K,
            "MAX_GROUPS": MAX_GROUPS, "GROUP_LABEL_MAX_CHARS": GROUP_LABEL_MAX_CHARS}


def published(request, workshop: dict):
    """Groups and their settings change what every view shows: push it all again."""
    for part in ("stage", "tally", "ratings"):
        request.app.state.realtime.publish(workshop["id"], part)
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


async def new_group(request):
    workshop, form = await facilitator_form(request)
    label = text_field(form, "label", GROUP_LABEL_MAX_CHARS, _l("Group name"))
    if not add_group(store(request), workshop["id"], label):
        raise Refused(_l("There is already a group with that name, or there are %(max)s "
                         "groups already.") % {"max": MAX_GROUPS}, 409)
    return published(request, workshop)


async def delete_group(request):
    workshop, _form = await facilitator_form(request)
    if not remove_group(store(request), workshop["id"], request.path_params["number"]):
        raise Refused(_l("Someone has already joined that group, so it stays."), 409)
    return published(request, workshop)


async def protection(request):
    """The small-group settings: k for results (at least MIN_K), a higher one for text,
    whether phones must choose a group, and results per group on the projector."""
    workshop, form = await facilitator_form(request)
    k = int_field(form, "group_min_size", MIN_K, MAX_K, _l("Fewest answers to show a group"))
    text_k = int_field(form, "group_text_min_size", k, MAX_K,
                       _l("Fewest answers to show a group's written text"))
    set_protection(store(request), workshop["id"], group_min_size=k, group_text_min_size=text_k,
                   group_required=int(form.get("group_required") == "on"))
    return published(request, workshop)


async def projector_switch(request):
    """The facilitator's switch: results per group on the projector, or the room's."""
    workshop, form = await facilitator_form(request)
    set_protection(store(request), workshop["id"],
                   groups_on_projector=int(form.get("groups_on_projector") == "on"))
    return published(request, workshop)


async def qr_sheet(request):
    """A printable page: one QR code per group, each opening the join page with the
    group chosen, for a table card or a poster."""
    from workshop.workshops import join_url, qr_svg

    workshop = facilitators_workshop(request)
    url = join_url(request, workshop)
    codes = [{**group, "qr": qr_svg(group["url"], str(_l("QR code to join as %(group)s")
                                                      % {"group": group["label"]}))}
             for group in group_links(url, groups_of(store(request), workshop["id"]))]
    return page(request, "groups-qr.html", {"workshop": workshop, "codes": codes,
                                            "join_url": url})


routes = [
    Route("/w/{code}/groups", new_group, methods=["POST"], name="new_group"),
    Route("/w/{code}/groups/{number:int}/delete", delete_group, methods=["POST"],
          name="delete_group"),
    Route("/w/{code}/groups/protection", protection, methods=["POST"], name="group_protection"),
    Route("/w/{code}/groups/projector", projector_switch, methods=["POST"],
          name="groups_on_projector"),
    Route("/w/{code}/groups/qr", qr_sheet, name="group_qr_sheet"),
]
