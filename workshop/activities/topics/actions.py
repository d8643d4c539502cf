"""Topics: participants post them, the facilitator edits, hides and merges them, and
types in notes from paper."""

from dataclasses import dataclass

from starlette.routing import Route

from workshop import activities, phases
from workshop.activities.topics import queries
from workshop.activities.topics.hints import hints_of
from workshop.activities.topics.notes import NotesRefused, read_note_file, read_notes
from workshop.guards import (
    Refused,
    facilitator_form,
    facilitators_workshop,
    find_workshop,
    int_field,
    list_field,
    once,
    require_form,
    require_participant,
    require_phase,
    store,
    text_field,
)
from workshop.i18n import _, lazy_gettext as _l
from workshop.moderation import held_because, kind_note
from workshop.responses import done, is_htmx, page
from workshop.settings import (
    DEFAULT_TOPICS_PER_PARTICIPANT,
    PAPER_NOTES_MAX,
    PAPER_NOTES_MAX_BYTES,
    TOPIC_MAX_CHARS,
)
from workshop.text import twin_key
from workshop.views import me_fragment

TOPIC_LABEL = _l("Topic")
SEVERAL_TOPICS = _l("One topic is one idea, and yours has %(count)s lines. Post each line as "
                    "its own topic, or write the idea on one line.")


def topics_posted(request, workshop: dict, topics: list[dict]) -> None:
    """Activities that act on new posts do (the themes place them); then every screen
    gets them."""
    states = request.app.state.activity_state
    for activity in activities.in_order():
        activity.posted(states.get(activity.key), store(request), workshop, topics)
    topics_changed(request, workshop, [topic["id"] for topic in topics])


def held_changed(request, workshop: dict) -> None:
    """The facilitator's moderation queue changed (nobody else sees it)."""
    request.app.state.realtime.publish(workshop["id"], "held_posts")


def topics_changed(request, workshop: dict, topic_ids) -> None:
    """Every part that shows topics (or follows them: themes, the tally) and the counts
    gets the change."""
    realtime = request.app.state.realtime
    realtime.publish(workshop["id"], "topics", topic_ids)
    realtime.publish(workshop["id"], "participation")


async def post_topic(request):
    """One topic, or with `split_lines` each line of a pasted list as its own, all or none."""
    workshop = find_workshop(request)
    participant = require_participant(request, workshop)
    form = await require_form(request)
    require_phase(workshop, "post_topic")
    if form.get("split_lines"):
        texts = list_field(form, "text", TOPIC_MAX_CHARS, TOPIC_LABEL)
    else:
        texts = [text_field(form, "text", TOPIC_MAX_CHARS, TOPIC_LABEL,
                            several_lines=SEVERAL_TOPICS)]
    settings = phases.current_phase(workshop).settings
    posting = Posting(settings["list"], answered(request, workshop, settings, form),
                      settings["per_participant"])
    with once(request, participant) as first:
        topics, held = (insert_own_topics if first else stored_before)(
            store(request), workshop, participant, texts, posting)
    if topics and first:
        topics_posted(request, workshop, topics)
    if held and first:
        held_changed(request, workshop)
    if is_htmx(request):
        return me_fragment(request, workshop, participant, notice=posted_notice(
            workshop, topics, held))
    if held:
        return page(request, "activities/topics/held-note.html", {
            "workshop": workshop, "notice": posted_notice(workshop, topics, held)})
    return done(request, request.url_for("participant_view", code=workshop["code"]))


def posted_notice(workshop: dict, topics: list[dict], held: list[dict]) -> str:
    """What the phone is told after posting: added, or why a post waits for the
    facilitator (moderation.kind_note)."""
    if held:
        return kind_note(workshop, tuple(dict.fromkeys(
            reason for post in held for reason in post["reasons"].split(","))))
    return _("Your topic was added.") if len(topics) == 1 else _("Your topics were added.")


@dataclass(frozen=True)
class Posting:
    """Where a phone's posts go: the phase's list, the statement an idea answers, and
    how many posts one person may make in the list."""
    list_name: str = "topics"
    parent_id: int | None = None
    per_participant: int = DEFAULT_TOPICS_PER_PARTICIPANT


def answered(request, workshop: dict, settings, form) -> int | None:
    """The post an idea answers, when the phase asks for one: a visible post of the
    workshop in the list the phase names (e.g. a "Hur kan vi …?" statement)."""
    if not settings["answers"]:
        return None
    parent = queries.topic(store(request), int_field(form, "answers", 1, 2**62,
                                                     _l("Which question it answers")))
    if (parent is None or parent["workshop_id"] != workshop["id"] or parent["hidden"]
            or parent["merged_into"] or parent["list"] != settings["answers"]):
        raise Refused(_l("Choose one of the listed questions."), 422)
    return parent["id"]


def insert_own_topics(store, workshop: dict, participant: dict, texts: list[str],
                      posting: Posting = Posting()) -> tuple[list[dict], list[dict]]:
    """A participant's new posts, all or none: (shown posts, posts held for the
    facilitator by moderation.held_because). Refused when one is a twin of a post they
    made in the list (or of an earlier line) or would pass the phase's limit."""
    with store.transaction():
        topics, held = [], []
        for number, text in enumerate(texts, 1):
            if reasons := held_because(workshop, text):
                post = queries.insert_held(store, workshop["id"], participant["id"], text,
                                           reasons, posting.per_participant, posting.list_name,
                                           posting.parent_id)
            else:
                post = queries.insert_topic(store, workshop["id"], participant["id"], text,
                                            posting.per_participant, posting.list_name,
                                            posting.parent_id)
            if post is None:  # raising inside the transaction takes back the earlier lines
                raise own_topic_refusal(store, workshop, participant, texts, number, posting)
            (held if reasons else topics).append(post)
    return topics, held


def stored_before(store, workshop: dict, participant: dict, texts: list[str],
                  posting: Posting) -> tuple[list[dict], list[dict]]:
    """What a post sent again stored the first time (its answer was lost), found by its
    texts: (shown posts, posts held for the facilitator), as insert_own_topics returned
    them, so the phone is told the same again (not "you have already posted this")."""
    keys = {twin_key(text) for text in texts}
    return ([post for post in queries.topics_of(store, participant["id"], posting.list_name)
             if post["text_key"] in keys],
            [post for post in queries.held_of(store, participant["id"], posting.list_name)
             if post["text_key"] in keys])


def own_topic_refusal(store, workshop, participant, texts: list[str], number: int,
                      posting: Posting) -> Refused:
    """Why text `number` (from 1) was not added, the lines before it being added."""
    twin = queries.has_topic_text(store, workshop["id"], participant["id"], texts[number - 1],
                                  posting.list_name)
    if len(texts) == 1 and twin:
        return Refused(_l("You have already posted this topic."), 409)
    if len(texts) == 1:
        return Refused(_("You have posted as many topics as one person can (%(max)s).",
                         max=posting.per_participant), 409)
    if twin:
        return Refused(_("Line %(number)s is a topic you have already posted. Nothing was "
                         "added.", number=number), 409)
    left = (posting.per_participant + number - 1
            - len(queries.topics_of(store, participant["id"], posting.list_name))
            - len(queries.held_of(store, participant["id"], posting.list_name)))
    return Refused(_("Your text has %(count)s lines, more than the topics you have left "
                     "(%(left)s). Nothing was added.", count=len(texts), left=left), 409)


def require_topic(request, workshop: dict) -> dict:
    """The topic named in the path, if it is this workshop's and not merged away."""
    topic = queries.topic(store(request), request.path_params["topic_id"])
    if topic is None or topic["workshop_id"] != workshop["id"] or topic["merged_into"]:
        raise Refused(_l("That topic no longer exists. It may have been merged."), 404)
    return topic


async def moderated_topic(request) -> tuple[dict, dict, object]:
    """The workshop, the topic and the form of a facilitator's topic action."""
    workshop, form = await facilitator_form(request)
    return workshop, require_topic(request, workshop), form


def facilitator_done(request, workshop, topic_ids):
    hints_of(request).forget(workshop["id"])
    topics_changed(request, workshop, topic_ids)
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


async def edit_topic(request):
    workshop, topic, form = await moderated_topic(request)
    queries.set_topic_text(store(request), topic["id"],
                           text_field(form, "text", TOPIC_MAX_CHARS, TOPIC_LABEL))
    return facilitator_done(request, workshop, [topic["id"]])


async def hide_topic(request):
    """Hide a topic (moderation): its dots go back to the voters."""
    workshop, topic, form = await moderated_topic(request)
    return await visibility_changed(request, workshop, topic,
                                    queries.hide_topic(store(request), topic["id"]))


async def show_topic(request):
    workshop, topic, form = await moderated_topic(request)
    return await visibility_changed(request, workshop, topic,
                                    queries.show_topic(store(request), topic["id"]))


async def visibility_changed(request, workshop, topic, concerned: list[int]):
    """The phones whose own pieces changed fetch them; what follows visibility (theme
    cards on phones) and the topic lists get the change."""
    await request.app.state.realtime.notify_participants(concerned)
    request.app.state.realtime.publish(workshop["id"], "topic_visibility")
    return facilitator_done(request, workshop, [topic["id"]])


async def merge_page(request):
    workshop = facilitators_workshop(request)
    topic = require_topic(request, workshop)
    targets = [t for t in queries.topics(store(request), workshop["id"], list_name=topic["list"])
               if t["id"] != topic["id"]]
    return page(request, "activities/topics/merge.html",
                {"workshop": workshop, "topic": topic, "targets": targets})


async def merge_topic(request):
    workshop, topic, form = await moderated_topic(request)
    target = queries.topic(store(request), int_field(form, "into", 1, 2**62,
                                                     _l("Topic to merge into")))
    if (target is None or target["workshop_id"] != workshop["id"] or target["merged_into"]
            or target["id"] == topic["id"] or target["list"] != topic["list"]):
        raise Refused(_l("Choose another topic of this workshop to merge into."), 422)
    concerned = queries.merge_topics(store(request), topic["id"], target["id"])
    await request.app.state.realtime.notify_participants(concerned)
    return facilitator_done(request, workshop, [topic["id"], target["id"]])


def paper_notes(form) -> list[str]:
    """The notes typed in, or those of an uploaded file (lines, or a CSV/TSV note column)."""
    upload = form.get("file")
    try:
        if upload is not None and not isinstance(upload, str) and upload.filename:
            return read_note_file(upload.file.read(), upload.filename)
        return read_notes(str(form.get("notes", "")))
    except NotesRefused as problem:
        raise Refused(problem, 422)


async def add_paper_notes(request):
    """Sticky notes typed up after a paper round become topics, all or none."""
    workshop, form = await facilitator_form(request, max_files=1,
                                            max_part_size=PAPER_NOTES_MAX_BYTES)
    notes = paper_notes(form)
    if not notes:
        raise Refused(_l("There were no notes to add."), 422)
    for number, note in enumerate(notes, 1):
        if len(note) > TOPIC_MAX_CHARS:
            raise Refused(_("Note %(number)s is longer than %(max)s characters. Shorten it "
                            "and try again; nothing was added.", number=number,
                            max=TOPIC_MAX_CHARS), 422)
    added, held = add_notes(store(request), workshop, notes)
    hints_of(request).forget(workshop["id"])
    topics_posted(request, workshop, added)
    if held:
        held_changed(request, workshop)
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


def add_notes(store, workshop: dict, notes: list[str]) -> tuple[list[dict], list[dict]]:
    """Paper notes as posts without an author, all or none: (shown, held). In youth-safe
    mode a note that looks like it holds personal data waits in the moderation queue like
    a phone's post; pre-moderation holds no note (the facilitator adds them)."""
    added, held = [], []
    with store.transaction():
        for note in notes:
            if reasons := held_because(workshop, note, premoderated=False):
                if post := queries.insert_held(store, workshop["id"], None, note, reasons,
                                               PAPER_NOTES_MAX):
                    held.append(post)
            elif topic := queries.insert_topic(store, workshop["id"], None, note,
                                               limit=PAPER_NOTES_MAX):
                added.append(topic)
    return added, held


routes = [
    Route("/w/{code}/topics", post_topic, methods=["POST"], name="post_topic"),
    Route("/w/{code}/topics/from-paper", add_paper_notes, methods=["POST"],
          name="add_paper_notes"),
    Route("/w/{code}/topics/{topic_id:int}/edit", edit_topic, methods=["POST"], name="edit_topic"),
    Route("/w/{code}/topics/{topic_id:int}/hide", hide_topic, methods=["POST"], name="hide_topic"),
    Route("/w/{code}/topics/{topic_id:int}/show", show_topic, methods=["POST"], name="show_topic"),
    Route("/w/{code}/topics/{topic_id:int}/merge", merge_page, name="merge_page"),
    Route("/w/{code}/topics/{topic_id:int}/merge", merge_topic, methods=["POST"],
          name="merge_topic"),
]
