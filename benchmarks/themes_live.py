"""Server CPU per post once there are themes: what a new topic costs the server to push to
the facilitator's theme review, the projector's board and the phones, in one process on
a real SQLite file.

For N topics (default 300 and 1,000; real statements from ../shared/data, numbered so
none repeats) it groups them, then phones post POSTS more topics over HTTP (Starlette's
TestClient, the real app). For each post it renders the "themes" live part for each role
as a flush does: "whole" renders it as every post did until commit ac57f7b (the
facilitator's whole review, the projector's whole stage), "post" as a post does now
(the post's card and counts; the board). Prints the median and 95th percentile of CPU ms
(time.process_time) per render and per post request, and the bytes pushed; then the
facilitator's whole page (five loads). Nothing passes or fails.

    .venv/bin/python benchmarks/themes_live.py --topics 300 1000
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from practices_cost import cpu_ms, figures  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from tests.e2e.test_projector_fits import notes  # noqa: E402
from tests.flows import act, create_workshop, join, move_phase  # noqa: E402
from workshop import i18n  # noqa: E402
from workshop.activities.themes.actions import EVERYTHING  # noqa: E402
from workshop.app import create_app  # noqa: E402
from workshop.realtime import LIVE_PARTS  # noqa: E402
from workshop.settings import TOPIC_MAX_CHARS  # noqa: E402

ROLES = ("facilitator", "projector", "participant")


def statements(count: int) -> list[str]:
    """`count` different topics: the real statements, numbered once they run out."""
    texts = notes(200)
    return [f"{texts[n % len(texts)][:TOPIC_MAX_CHARS - 6]} {n}" for n in range(count)]


def measure(topics: int, posts: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Path(folder) / "samla.db", secret_key="benchmark")
        with TestClient(app) as client:
            workshop = create_workshop(client, method="low_hanging_fruit")
            code = workshop["code"]
            move_phase(client, workshop, 0)
            texts = statements(topics + posts)
            act(client, f"/w/{code}/topics/from-paper", workshop["csrf"],
                notes="\n".join(texts[:topics]))
            grouped = act(client, f"/w/{code}/themes/group", workshop["csrf"])
            print(f"\n{topics} topics: {grouped.text.split('>')[1].split('<')[0]}")
            realtime = app.other_asgi_app.state.realtime
            phone = TestClient(client.app)
            csrf = join(phone, code)
            samples = {key: [] for key in ("request", *(f"{role} {way}" for role in ROLES
                                                        for way in ("whole", "post")))}
            sizes = {key: [] for key in samples}
            for text in texts[topics:]:
                samples["request"].append(cpu_ms(
                    lambda text=text: act(phone, f"/w/{code}/topics", csrf, text=text)))
                topic_id = realtime.store.value("SELECT max(id) FROM topics")
                current = realtime.store.workshop_by_code(code)
                for role in ROLES:
                    for way, ids in (("whole", {EVERYTHING}), ("post", {topic_id})):
                        rendered = []
                        with i18n.language("sv"):
                            samples[f"{role} {way}"].append(cpu_ms(lambda ids=ids, role=role: (
                                rendered.append(LIVE_PARTS["themes"](realtime, current,
                                                                     role, ids)))))
                        sizes[f"{role} {way}"].append(len(str(rendered[0])))
            for key, values in samples.items():
                size = f"   {max(sizes[key]):>9,} bytes" if sizes[key] else ""
                print(figures(f"{key} ({'HTTP post' if key == 'request' else 'render'})",
                              values) + size)
            pages = []
            page_ms = [cpu_ms(lambda: pages.append(client.get(f"/w/{code}/facilitator")))
                       for _ in range(5)]
            print(figures("facilitator's page (HTTP get)", page_ms)
                  + f"   {len(pages[-1].content):>9,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--topics", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--posts", type=int, default=30)
    arguments = parser.parse_args()
    for topics in arguments.topics:
        measure(topics, arguments.posts)


if __name__ == "__main__":
    main()
