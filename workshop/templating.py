"""The Jinja2 environment: one set of templates for full pages and live fragments.

A page and its live update come from the same named block (jinja2-fragments),
so there is one source of truth for each piece of HTML. The page shells and shared
macros are in templates/; each activity's own templates in its folder.
"""

import os

import jinja2
from jinja2_fragments import render_block
from jinja2_fragments.starlette import Jinja2Blocks

from workshop import activities, i18n
from workshop.activities import by_group
from workshop.settings import (
    DESCRIPTION_MAX_CHARS,
    LANGUAGES,
    NAME_MAX_CHARS,
    PACKAGE_DIR,
    SOCKET_TRANSPORTS,
    TITLE_MAX_CHARS,
    TOPIC_MAX_CHARS,
)

MATRIX_SIZE, MATRIX_MARGIN = 400, 40  # the impact/effort matrix's SVG units (ui.matrix)



class ActivityLoader(jinja2.BaseLoader):
    """Templates named activities/<key>/<file> come from that activity's own folder."""

    def get_source(self, environment, template):
        prefix, _, rest = template.partition("/")
        key, _, name = rest.partition("/")
        activity = activities.REGISTRY.get(key) if prefix == "activities" else None
        if activity is None or not activity.has_template(name):
            raise jinja2.TemplateNotFound(template)
        source, filename = activity.template_source(name)
        if filename is None:
            return source, None, None  # given as a string: never changes
        # As FileSystemLoader does: compare the file's time, not its text (every render
        # asks; reading the file each time cost 7-8 % of a vote in the benchmark).
        mtime = os.path.getmtime(filename)
        return source, filename, lambda: os.path.getmtime(filename) == mtime


env = jinja2.Environment(
    # Templates do not change while Samla runs: no file check on every render (set
    # SAMLA_TEMPLATES_RELOAD=1 while editing them).
    auto_reload=os.environ.get("SAMLA_TEMPLATES_RELOAD") == "1",
    loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(PACKAGE_DIR / "templates"),
                                ActivityLoader()]),
    autoescape=True,
    extensions=["jinja2.ext.i18n"],
    # Block tags leave no blank lines behind: fragments pushed to every phone stay small.
    trim_blocks=True,
    lstrip_blocks=True,
)
env.install_gettext_callables(
    lambda message: i18n.translations(i18n.current_language.get()).ugettext(message),
    lambda singular, plural, n: i18n.translations(
        i18n.current_language.get()).ungettext(singular, plural, n),
    newstyle=True,
)
env.globals.update(
    LANGUAGES=LANGUAGES,
    TOPIC_MAX_CHARS=TOPIC_MAX_CHARS,
    TITLE_MAX_CHARS=TITLE_MAX_CHARS,
    DESCRIPTION_MAX_CHARS=DESCRIPTION_MAX_CHARS,
    NAME_MAX_CHARS=NAME_MAX_CHARS,
    current_language=i18n.current_language.get,
    MATRIX_SIZE=MATRIX_SIZE,
    MATRIX_MARGIN=MATRIX_MARGIN,
)


def translate(text: str) -> str:
    """A phase's title or prompt in the page's language: a method's text is a message
    id, a facilitator's own text (plan.py) shows as typed. Unlike _() in a template,
    this neither marks the text as safe HTML nor %-formats it, so "<b>" and "50 %"
    show as written."""
    return i18n.gettext(text) if text else ""


env.filters["translate"] = translate
env.globals.update(hidden_reason=by_group.reason_text, group_name=by_group.group_name)
env.globals["ui"] = env.get_template("_macros.html").module
env.globals["socket_transports"] = " ".join(SOCKET_TRANSPORTS)
templates = Jinja2Blocks(env=env)


def render_fragment(template_name: str, block_name: str, **context) -> str:
    """Render one block of a page outside a request, e.g. for a socket.io room."""
    return render_block(env, template_name, block_name, **context)
