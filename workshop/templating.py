"""The Jinja2 environment: one set of templates for full pages and live fragments.

A page and its live update come from the same named block (jinja2-fragments),
so there is one source of truth for each piece of HTML.
"""

import jinja2
from jinja2_fragments import render_block
from jinja2_fragments.starlette import Jinja2Blocks

from workshop import i18n
from workshop.settings import (
    DESCRIPTION_MAX_CHARS,
    LANGUAGES,
    NAME_MAX_CHARS,
    PACKAGE_DIR,
    TITLE_MAX_CHARS,
    TOPIC_MAX_CHARS,
)
from workshop.statuses import STATUSES

MATRIX_SIZE, MATRIX_MARGIN = 400, 40  # the impact/effort matrix's SVG units (ui.matrix)

env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(PACKAGE_DIR / "templates"),
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
    STATUSES=STATUSES,
    MATRIX_SIZE=MATRIX_SIZE,
    MATRIX_MARGIN=MATRIX_MARGIN,
)
env.globals["ui"] = env.get_template("_macros.html").module
templates = Jinja2Blocks(env=env)


def render_fragment(template_name: str, block_name: str, **context) -> str:
    """Render one block of a page outside a request, e.g. for a socket.io room."""
    return render_block(env, template_name, block_name, **context)
