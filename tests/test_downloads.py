"""Downloads from the facilitator view and the export command write real files."""

import io
import json
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from tests.conftest import ROOT
from tests.flows import act
from tests.activities.backlog.test_backlog import workshop_with_results
from workshop.exporting.json_format import schema_problems


@pytest.fixture
def finished(client):
    workshop = workshop_with_results(client)
    act(client, f"/w/{workshop['code']}/backlog/from-results", workshop["csrf"])
    return workshop


@pytest.mark.parametrize("fmt, media_type, suffix", [
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    ("csv", "text/csv; charset=utf-8", "-backlog.csv"),
    ("csv-zip", "application/zip", "-csv.zip"),
    ("md", "text/markdown; charset=utf-8", ".md"),
    ("json", "application/json", ".json"),
])
def test_every_format_downloads_as_a_named_file(client, finished, fmt, media_type, suffix):
    answer = client.get(f"/w/{finished['code']}/export?format={fmt}")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == media_type
    assert answer.headers["content-disposition"] == \
        f'attachment; filename="samla-{finished["code"]}{suffix}"'


def test_downloads_hold_the_workshops_results(client, finished):
    code = finished["code"]
    document = json.loads(client.get(f"/w/{code}/export?format=json").content)
    assert schema_problems(document) == []
    assert [(b["title"], b["votes"]) for b in document["backlog"]] == [("Ämne 0", 3),
                                                                        ("Ämne 1", 2)]
    xlsx = client.get(f"/w/{code}/export?format=xlsx").content
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert len(workbook.sheetnames) >= 5
    csv_text = client.get(f"/w/{code}/export?format=csv&comma=on").content.decode("utf-8-sig")
    assert "Ämne 0," in csv_text
    tables = zipfile.ZipFile(io.BytesIO(client.get(f"/w/{code}/export?format=csv-zip").content))
    assert f"{code}-backlog.csv" in " ".join(tables.namelist())
    assert "Ämne 0" in client.get(f"/w/{code}/export?format=md").text


def test_csv_zip_holds_each_table_under_its_single_download_name(client, finished):
    code = finished["code"]
    backlog = client.get(f"/w/{code}/export?format=csv")
    name = backlog.headers["content-disposition"].removeprefix('attachment; filename="')[:-1]
    tables = zipfile.ZipFile(io.BytesIO(client.get(f"/w/{code}/export?format=csv-zip").content))
    assert tables.namelist() == [f"samla-{code}-{table}.csv" for table in
                                 ("backlog", "themes", "topics", "ratings", "votes")]
    assert tables.read(name) == backlog.content


def test_unknown_format_is_refused(client, finished):
    assert client.get(f"/w/{finished['code']}/export?format=pdf").status_code == 422


def test_report_page_shows_summary_results_and_backlog(client, finished):
    page = client.get(f"/w/{finished['code']}/report")
    assert page.status_code == 200
    assert '<link rel="stylesheet" href="/static/report.css">' in page.text
    assert page.text.count('<td><strong>Ämne') == 2


def test_export_command_writes_into_the_exports_folder(tmp_path):
    from tests.test_followup import rich_workshop
    from workshop.db import Store

    db = tmp_path / "samla.db"
    store = Store(db)
    workshop = rich_workshop(store)
    store.close()
    env = {"SAMLA_EXPORTS": str(tmp_path / "exports"), "PATH": ""}
    for fmt, name in (("xlsx", ".xlsx"), ("json", ".json"), ("report", "-report.html")):
        done = subprocess.run([sys.executable, "run.py", "export", workshop["code"].lower(),
                               "--format", fmt, "--db", str(db)], cwd=ROOT, env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        written = tmp_path / "exports" / workshop["code"] / f"samla-{workshop['code']}{name}"
        assert done.stdout.strip() == str(written) and written.stat().st_size > 1000
    report = (tmp_path / "exports" / workshop["code"] / f"samla-{workshop['code']}-report.html")
    assert "<style>" in report.read_text()
    missing = subprocess.run([sys.executable, "run.py", "export", "NOPE99", "--db", str(db)],
                             cwd=ROOT, env=env, capture_output=True, text=True)
    assert missing.returncode != 0 and "NOPE99" in missing.stderr


HIDDEN = "Olämpligt: Kalle i 7B ringer 070-123 45 67"


def every_download(client, code: str, query: str = "") -> str:
    """The text of every download and the report, as a planner would open them."""
    texts = [client.get(f"/w/{code}/export?format={fmt}{query}").content.decode("utf-8-sig")
             for fmt in ("csv", "md", "json")]
    workbook = openpyxl.load_workbook(io.BytesIO(
        client.get(f"/w/{code}/export?format=xlsx{query}").content))
    texts += [str(cell) for sheet in workbook.worksheets
              for row in sheet.iter_rows(values_only=True) for cell in row]
    tables = zipfile.ZipFile(io.BytesIO(
        client.get(f"/w/{code}/export?format=csv-zip{query}").content))
    texts += [tables.read(name).decode("utf-8-sig") for name in tables.namelist()]
    texts.append(client.get(f"/w/{code}/report{query.replace('&', '?', 1)}").text)
    return "\n".join(texts)


def test_a_hidden_topic_leaves_only_in_an_archive(client):
    # Issue 11, item 13: hidden means hidden. A phone's +1 and its rating of the topic
    # must not leave either (they would point at a topic the file does not hold).
    from tests.flows import create_workshop, join, move_phase, sv
    from tests.activities.rating.test_rating import card

    workshop = create_workshop(client, method="low_hanging_fruit", dots_per_participant="1",
                               max_dots_per_topic="1")
    code = workshop["code"]
    move_phase(client, workshop, 0)
    csrf = join(client, code)
    for text in ("Fler fritidsledare", HIDDEN):
        act(client, f"/w/{code}/topics", csrf, text=text)
    store = client.app.other_asgi_app.state.store
    hidden = store.value("SELECT id FROM topics WHERE text = ?", [HIDDEN])
    move_phase(client, workshop, 1)
    act(client, f"/w/{code}/dots", csrf, add_dot=str(hidden))
    move_phase(client, workshop, 2)
    assert card(client.get(f"/w/{code}").text)["item"] == hidden  # it has the only dot
    assert act(client, f"/w/{code}/ratings", csrf, card=0, item=hidden, impact=5,
               effort=1).status_code == 200
    act(client, f"/w/{code}/topics/{hidden}/hide", workshop["csrf"])
    assert HIDDEN not in every_download(client, code)
    document = json.loads(client.get(f"/w/{code}/export?format=json").content)
    assert schema_problems(document) == []
    assert [t["text"] for t in document["topics"]] == ["Fler fritidsledare"]
    assert document["ratings"] == [] and document["votes"] == []
    archive = every_download(client, code, "&archive=on")
    assert HIDDEN in archive
    document = json.loads(client.get(f"/w/{code}/export?format=json&archive=on").content)
    assert schema_problems(document) == [] and document["workshop"]["archive"] is True
    assert [(t["text"], t["hidden"]) for t in document["topics"]] == [
        ("Fler fritidsledare", False), (HIDDEN, True)]
    assert [r["impact"] for r in document["ratings"]] == [5]
    page = client.get(f"/w/{code}/backlog").text
    assert sv("Archive: include the topics you hid") in page
