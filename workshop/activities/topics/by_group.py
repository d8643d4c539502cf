"""What each participant group wrote: the facilitator's page of posts per group, with the
higher k for free text (activities.by_group.text_groups), and a filter that combines
groups ("all staff"), refused below k. Not in the exports: beside each post's author id
there, a post's group would tie that author's votes to a group."""

from starlette.routing import Route

from workshop.activities.by_group import IN_GROUP, CombinationRefused, partition, text_groups
from workshop.guards import Refused, facilitators_workshop, store
from workshop.i18n import lazy_gettext as _l
from workshop.responses import page


def writers_by_group(store, workshop_id: int) -> dict[int | None, int]:
    """How many have a visible post, per participant group."""
    return dict(store.db.execute(
        "SELECT p.group_number, count(DISTINCT t.participant_id) FROM topics t"
        " JOIN participants p ON p.id = t.participant_id WHERE t.workshop_id = ?"
        " AND t.hidden = 0 AND t.merged_into IS NULL GROUP BY p.group_number",
        [workshop_id]).fetchall())


def group_posts(store, workshop_id: int, groups: set) -> list[str]:
    """The visible posts of the participants of some groups, oldest first."""
    texts = []
    for group in groups:
        texts += [row["text"] for row in store.db.query(
            f"SELECT id, text FROM topics WHERE workshop_id = :w AND hidden = 0"
            f" AND merged_into IS NULL AND participant_id IN ({IN_GROUP}) ORDER BY id",
            {"w": workshop_id, "group": group})]
    return texts


def chosen_groups(request, groups: dict) -> set | None:
    """The groups the filter combines (?group=1&group=3, "none" for no group chosen)."""
    picked = request.query_params.getlist("group")
    if not picked:
        return None
    known = {str(group) if group is not None else "none": group for group in groups}
    return {known[value] for value in picked if value in known}


async def posts_by_group(request):
    workshop = facilitators_workshop(request)
    groups = partition(store(request), workshop)
    chosen = chosen_groups(request, groups)
    try:
        entries = text_groups(store(request), workshop,
                              writers_by_group(store(request), workshop["id"]),
                              lambda some: group_posts(store(request), workshop["id"], some),
                              chosen)
    except CombinationRefused as refused:
        raise Refused(_l("That combination of groups has fewer than %(k)s people who wrote, "
                         "or leaves fewer than %(k)s outside it. Choose more groups.")
                      % {"k": refused.k}, 422)
    return page(request, "activities/topics/posts-by-group.html", {
        "workshop": workshop, "entries": entries, "groups": groups,
        "chosen": chosen or set()})


routes = [Route("/w/{code}/posts-by-group", posts_by_group, name="posts_by_group")]
