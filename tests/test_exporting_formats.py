"""XLSX, CSV, Markdown and report exports of a real workshop, read back cell by cell."""

import csv
import io
import math
import re
from datetime import date, datetime
from itertools import combinations
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from workshop.activities.backlog import queries as backlog_queries
from workshop.activities.rating import queries as rating_queries
from workshop.activities.themes import queries as theme_queries
from workshop.activities.topics import queries as topic_queries
from workshop.activities.voting import queries as voting_queries
from workshop.exporting.csv_files import backlog_csv, write_csv_tables
from workshop.exporting.document import workshop_document
from workshop.exporting.markdown import markdown
from workshop.exporting.report import REPORT_CSS, matrix_points, report_html
from workshop.exporting.xlsx import write_xlsx
from workshop.activities.rating.cards import results_context
from workshop.methods import plan_for
from workshop.workshops import create_workshop

NAMES = ("Åsa Lindqvist", "Örjan Berg", "Björn Ek")
TOPICS = (  # (author, text); numbered 1–7 in the export
    (0, "Bättre belysning på gångvägen längs ån"),
    (1, "=1+1"),
    (1, "@SUM(A1)"),
    (2, "+46 8 123 45 - ring växeln"),
    (2, "-Farthinder på Storgatan"),
    (0, "Övergångsställe vid förskolan"),  # hidden
    (2, "Mer ljus vid ån"),  # merged into 1
)
DOTS = {0: [1, 1, 1, 5, 5], 1: [1, 2, 2, 7, 3], 2: [4, 4, 6, 1, 1]}  # participant: topics
LED_DESCRIPTION = "Byt till LED | gula armaturer\nFörst vid skolan"
SWEDISH_BACKLOG_HEADERS = [
    "Prioritet", "Titel", "Beskrivning", "Tema", "Prickar", "Nytta", "Insats",
    "Lågt hängande frukt", "Ansvarig", "Nästa steg", "Klart senast", "Status",
    "Vad som hänt sedan", "Från ämnen"]
ENGLISH_SHEETS = ["Summary", "Backlog", "Themes", "Topics", "Ratings", "Votes"]
WHITE = "00FFFFFF"


def build_workshop(store, language="sv", names_enabled=1) -> dict:
    """Three people post seven topics and vote; one topic hidden, one merged; two backlog items."""
    workshop, _ = create_workshop(store, {
        "title": "Trygg väg till skolan", "description": "Vad gör skolvägen säkrare för barnen?",
        "language": language, "method": "quick", "plan": plan_for("quick", {"voting": {"dots": 5, "max_per_item": 3}}),
        "names_enabled": names_enabled})
    people = [store.insert_participant(workshop["id"], f"key-{n}", name)
              for n, name in enumerate(NAMES)]
    topics = [topic_queries.insert_topic(store, workshop["id"], people[author]["id"], text, limit=10)["id"]
              for author, text in TOPICS]
    for person, numbers in DOTS.items():
        for number in numbers:
            assert voting_queries.insert_dot(store, workshop["id"], people[person]["id"], "topic",
                                    topics[number - 1], 5, 3)
    topic_queries.hide_topic(store, topics[5])
    topic_queries.merge_topics(store, topics[6], topics[0])
    backlog_queries.insert_backlog_item(store, workshop["id"], {
        "title": "Belysning längs ån", "description": LED_DESCRIPTION, "theme": "Trygghet",
        "votes": 7, "impact": 4, "effort": 2, "quick_win": 1, "owner": "Gatukontoret",
        "next_step": "Inventera stolparna", "due_date": "2027-01-31",
        "status": "in_progress"}, [topics[0]])
    backlog_queries.insert_backlog_item(store, workshop["id"], {
        "title": "Farthinder på Storgatan", "votes": 2, "status": "parked"}, [topics[4]])
    return store.workshop_by_id(workshop["id"])


@pytest.fixture
def document(store):
    return workshop_document(store, build_workshop(store))


def workbook(document):
    target = io.BytesIO()
    write_xlsx(document, target)
    target.seek(0)
    return load_workbook(target)


def values(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def csv_rows(content: bytes, separator=";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""),
                           delimiter=separator))


def every_export_as_text(document, tmp_path) -> str:
    sheets = workbook(document).worksheets
    cells = [str(value) for sheet in sheets for row in values(sheet) for value in row]
    files = write_csv_tables(document, tmp_path / "csv")
    return "\n".join([*cells, *(path.read_text(encoding="utf-8-sig") for path in files),
                      markdown(document)])


# XLSX

def test_xlsx_sheets_are_in_order_and_in_the_workshops_language(document):
    assert workbook(document).sheetnames == [
        "Sammanfattning", "Backlogg", "Teman", "Ämnen", "Bedömningar", "Röster"]


def test_xlsx_of_an_english_workshop_is_in_english(store):
    sheets = workbook(workshop_document(store, build_workshop(store, language="en")))
    assert sheets.sheetnames == ENGLISH_SHEETS
    assert values(sheets["Backlog"])[0][:5] == ("Priority", "Title", "Description", "Theme",
                                                "Dots")
    assert values(sheets["Backlog"])[1][7] == "Yes"
    assert values(sheets["Backlog"])[1][11] == "In progress"


def test_xlsx_backlog_holds_the_items_with_real_due_dates(document):
    sheet = workbook(document)["Backlogg"]
    assert list(values(sheet)[0]) == SWEDISH_BACKLOG_HEADERS
    assert values(sheet)[1] == (
        1, "Belysning längs ån", LED_DESCRIPTION, "Trygghet", 7, 4, 2, "Ja", "Gatukontoret",
        "Inventera stolparna", datetime(2027, 1, 31), "Pågår", None, 1)
    assert values(sheet)[2][:3] == (2, "Farthinder på Storgatan", None)
    assert values(sheet)[2][7] == "Nej" and values(sheet)[2][11] == "Parkerad"
    due = sheet["K2"]
    assert due.is_date and due.number_format == "yyyy-mm-dd"
    assert sheet["K3"].value is None


def test_xlsx_table_sheets_have_a_styled_frozen_filtered_header(document):
    for sheet in workbook(document).worksheets[1:]:
        header = sheet[1]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{header[-1].column_letter}{sheet.max_row}"
        assert all(c.font.b and c.font.color.rgb == WHITE for c in header)
        assert all(c.fill.fgColor.rgb == "001F4E79" for c in header)
        widths = [sheet.column_dimensions[c.column_letter].width for c in header]
        assert all(len(c.value) + 3 <= width <= 60 for c, width in zip(header, widths))


def test_xlsx_columns_are_as_wide_as_their_longest_line(document):
    widths = workbook(document)["Backlogg"].column_dimensions
    assert widths["B"].width == len("Farthinder på Storgatan") + 3
    assert widths["C"].width == len("Byt till LED | gula armaturer") + 3
    assert widths["K"].width == len("Klart senast") + 3


def test_xlsx_empty_tables_keep_their_header(document):
    sheets = workbook(document)
    assert values(sheets["Teman"]) == [("Tema nr", "Tema", "Ämnen")]
    assert values(sheets["Bedömningar"]) == [("Deltagare", "Bedömt", "Nr", "Text", "Nytta",
                                             "Insats")]


def test_xlsx_keeps_formula_like_topics_as_exact_text(document):
    sheet = workbook(document)["Ämnen"]
    for row, text in ((3, "=1+1"), (4, "@SUM(A1)"), (5, "+46 8 123 45 - ring växeln"),
                      (6, "-Farthinder på Storgatan")):
        assert sheet.cell(row, 2).value == text
        assert sheet.cell(row, 2).data_type == "s"


def test_xlsx_keeps_error_like_text_and_drops_control_characters(document):
    document["topics"][0]["text"] = "#N/A"
    document["topics"][1]["text"] = "Ljus\x0bvid ån"
    sheet = workbook(document)["Ämnen"]
    assert (sheet["B2"].value, sheet["B2"].data_type) == ("#N/A", "s")
    assert sheet["B3"].value == "Ljusvid ån"


def test_xlsx_topics_show_dots_author_hiding_merging_and_swedish_time(store):
    workshop = build_workshop(store)
    # The hidden topic is in the archive export only (issue 11, item 13).
    shared = values(workbook(workshop_document(store, workshop))["Ämnen"])
    assert "Övergångsställe vid förskolan" not in [row[1] for row in shared]
    assert {row[4] for row in shared[1:]} == {"Nej"}
    sheet = workbook(workshop_document(store, workshop, archive=True))["Ämnen"]
    assert values(sheet)[0] == ("Ämne nr", "Ämne", "Prickar", "Skrivet av", "Dolt",
                                "Sammanslaget med ämne", "Inlagt")
    first = topic_queries.all_topics(store, workshop["id"])[0]
    posted = (datetime.fromisoformat(first["created_at"])
              .astimezone(ZoneInfo("Europe/Stockholm")).replace(tzinfo=None))
    assert values(sheet)[1] == (1, "Bättre belysning på gångvägen längs ån", 7, "p1", "Nej",
                                None, posted)
    assert sheet["G2"].number_format == "yyyy-mm-dd hh:mm"
    assert values(sheet)[6][:6] == (6, "Övergångsställe vid förskolan", 0, "p1", "Ja", None)
    assert values(sheet)[7][:6] == (7, "Mer ljus vid ån", 0, "p3", "Nej", 1)


def test_xlsx_votes_list_each_participants_dots_per_topic(document):
    rows = values(workbook(document)["Röster"])
    assert rows[0] == ("Deltagare", "Röstat på", "Nr", "Text", "Prickar")
    assert ("p2", "Ämne", 1, "Bättre belysning på gångvägen längs ån", 2) in rows
    assert ("p2", "Ämne", 2, "=1+1", 2) in rows
    assert sum(row[4] for row in rows[1:]) == 14


def themes_voted_and_rated(store) -> dict:
    """The workshop of build_workshop, grouped in two themes that the room voted on and
    rated; the facilitator marked the second theme a quick win against the rule."""
    workshop = build_workshop(store)
    topics = [t["id"] for t in topic_queries.all_topics(store, workshop["id"])]
    people = [p["id"] for p in store.participants(workshop["id"])]
    theme_queries.save_grouping(store, workshop["id"], {1: "Ljus", 2: "Trafik"},
                        {topics[0]: 1, topics[1]: 1, topics[4]: 2})
    theme_queries.set_themes_accepted(store, workshop["id"], True)
    theme_queries.set_prioritise(store, workshop["id"], "themes")
    for person, theme, dots in ((0, 1, 2), (1, 1, 1), (1, 2, 3)):
        for _ in range(dots):
            assert voting_queries.insert_dot(store, workshop["id"], people[person], "theme", theme, 10, 3)
    rating_queries.rate(store, workshop["id"], people[0], "theme", 1, 5, 2)
    rating_queries.rate(store, workshop["id"], people[1], "theme", 1, 4, 2)
    rating_queries.rate(store, workshop["id"], people[2], "theme", 2, 2, 5)
    rating_queries.set_quick_win(store, workshop["id"], "theme", 2, 1)
    return workshop_document(store, store.workshop_by_id(workshop["id"]))


def test_xlsx_themes_show_dots_mean_ratings_and_quick_wins(store):
    sheets = workbook(themes_voted_and_rated(store))
    assert values(sheets["Teman"]) == [
        ("Tema nr", "Tema", "Ämnen", "Prickar", "Nytta", "Insats", "Bedömningar",
         "Lågt hängande frukt"),
        (1, "Ljus", "1, 2", 3, 4.5, 2, 2, "Ja"),  # by the rule: 4.5 ≥ 3.5, 2 ≤ 2.5
        (2, "Trafik", 5, 3, 2, 5, 1, "Ja"),  # the facilitator's mark
    ]
    votes = values(sheets["Röster"])
    assert ("p2", "Tema", 2, "Trafik", 3) in votes
    assert sum(row[4] for row in votes[1:]) == 14 + 6
    summary = values(sheets["Sammanfattning"])
    assert ("Prickar", 20) in summary
    assert summary[-3:] == [("Flest prickar", "Prickar"), ("Ljus", 3), ("Trafik", 3)]
    assert "Nytta" not in values(sheets["Ämnen"])[0]  # the room rated themes, not topics


def test_xlsx_summary_counts_and_top_five(document):
    rows = values(workbook(document)["Sammanfattning"])
    assert rows[:9] == [
        ("Titel", "Trygg väg till skolan"),
        ("Fråga", "Vad gör skolvägen säkrare för barnen?"),
        ("Datum", datetime.combine(date.fromisoformat(document["exported_at"][:10]),
                                   datetime.min.time())),
        ("Metod", "Snabb prioritering"),
        ("Deltagare", 3), ("Ämnen", 5), ("Prickar", 14), ("Åtgärder", 2),
        ("Lågt hängande frukter", 1)]
    assert rows[10:] == [("Flest prickar", "Prickar"),
                         ("Bättre belysning på gångvägen längs ån", 7), ("=1+1", 2),
                         ("+46 8 123 45 - ring växeln", 2), ("-Farthinder på Storgatan", 2),
                         ("@SUM(A1)", 1)]


def test_xlsx_tables_print_landscape_one_page_wide_with_the_header_on_every_page(document):
    sheets = workbook(document)
    for sheet in sheets.worksheets[1:]:
        setup = sheet.page_setup
        assert (setup.paperSize, setup.orientation) == (9, "landscape"), sheet.title  # 9: A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)  # 0: as many pages down
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
    summary = sheets["Sammanfattning"]
    assert (summary.page_setup.orientation, summary.page_setup.fitToWidth) == ("portrait", 1)
    assert summary.sheet_properties.pageSetUpPr.fitToPage


def test_xlsx_wraps_text_on_several_lines_and_makes_its_row_tall_enough(document):
    document["backlog"][1]["update_note"] = " ".join(["ord"] * 30)  # 119 characters
    sheet = workbook(document)["Backlogg"]
    assert sheet.row_dimensions[2].height == 2 * 15  # LED_DESCRIPTION's two lines
    # 37 characters a line in a 40 wide column: nine "ord " a line, so four lines.
    assert sheet.column_dimensions["M"].width == 40
    assert sheet.row_dimensions[3].height == 4 * 15
    for row in (2, 3):
        assert all(c.alignment.wrap_text and c.alignment.vertical == "top"
                   for c in sheet[row] if c.value is not None)
    document["backlog"][1]["update_note"] = None
    one_line = workbook(document)["Backlogg"]
    assert one_line.row_dimensions[3].height is None
    assert not one_line["B3"].alignment.wrap_text


def test_xlsx_summary_keeps_both_columns_on_a_page_however_long_a_topic(document):
    document["topics"][0]["text"] = "Belysning " * 20  # 200 characters, the most allowed
    sheet = workbook(document)["Sammanfattning"]
    widths = [sheet.column_dimensions[c].width for c in "AB"]
    # A4 portrait between Excel's normal margins (0.7 in), at 96 pixels an inch; a column
    # w characters wide takes 7 w + 5 pixels in Calibri 11.
    assert sum(7 * width + 5 for width in widths) <= (8.27 - 1.4) * 96
    assert widths == [52, 40]  # B: the question's 37 characters, and 3 to spare
    top = next(row for row in sheet.iter_rows(min_row=12) if row[1].value == 7)
    assert top[0].alignment.wrap_text
    # 49 characters a line: five "Belysning" (49), so four lines.
    assert sheet.row_dimensions[top[0].row].height == 4 * 15


def test_xlsx_narrow_tables_widen_their_text_to_the_page_instead_of_wrapping(document):
    long_topic = "Bättre belysning på gångvägen längs ån, från skolan till busshållplatsen"
    document["topics"][0]["text"] = long_topic  # 72 characters
    sheet = workbook(document)["Röster"]
    assert sheet.column_dimensions["D"].width == len(long_topic) + 3
    assert all(height is None for height in (sheet.row_dimensions[n].height
                                             for n in range(1, sheet.max_row + 1)))


def test_xlsx_stores_single_topic_numbers_as_numbers(store):
    sheets = workbook(themes_voted_and_rated(store))
    assert (sheets["Backlogg"]["N2"].value, sheets["Backlogg"]["N2"].data_type) == (1, "n")
    assert (sheets["Teman"]["C3"].value, sheets["Teman"]["C3"].data_type) == (5, "n")
    assert (sheets["Teman"]["C2"].value, sheets["Teman"]["C2"].data_type) == ("1, 2", "s")


# CSV

def test_csv_tables_are_one_file_per_table_named_by_code(document, tmp_path):
    paths = write_csv_tables(document, tmp_path)
    code = document["workshop"]["code"]
    assert [p.name for p in paths] == [f"samla-{code}-{table}.csv" for table in
                                       ("backlog", "themes", "topics", "ratings", "votes")]
    assert csv_rows(paths[1].read_bytes()) == [["Tema nr", "Tema", "Ämnen"]]


def test_csv_backlog_opens_in_swedish_excel(document):
    content = backlog_csv(document)
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.splitlines()[0].count(b";") == len(SWEDISH_BACKLOG_HEADERS) - 1
    rows = csv_rows(content)
    assert rows[0] == SWEDISH_BACKLOG_HEADERS
    assert rows[1] == ["1", "Belysning längs ån", LED_DESCRIPTION, "Trygghet", "7", "4", "2",
                       "Ja", "Gatukontoret", "Inventera stolparna", "2027-01-31", "Pågår", "",
                       "1"]
    assert rows[2][10:12] == ["", "Parkerad"]


def test_csv_uses_commas_when_asked(document):
    content = backlog_csv(document, separator=",")
    assert content.splitlines()[0].decode("utf-8-sig") == ",".join(SWEDISH_BACKLOG_HEADERS)
    assert csv_rows(content, ",")[1][1] == "Belysning längs ån"


def test_csv_prefixes_formula_like_text_with_a_quote(document, tmp_path):
    paths = write_csv_tables(document, tmp_path)
    topics = csv_rows(paths[2].read_bytes())
    assert [row[1] for row in topics[1:6]] == [
        "Bättre belysning på gångvägen längs ån", "'=1+1", "'@SUM(A1)",
        "'+46 8 123 45 - ring växeln", "'-Farthinder på Storgatan"]
    posted = topics[1][6]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", posted)
    assert posted == document["topics"][0]["created_at"][:16].replace("T", " ")
    votes = csv_rows(paths[4].read_bytes())
    assert ["p2", "Ämne", "2", "'=1+1", "2"] in votes


def test_csv_writes_means_with_a_decimal_comma_beside_semicolons(store, tmp_path):
    document = themes_voted_and_rated(store)
    themes = write_csv_tables(document, tmp_path / "semicolon")[1].read_bytes()
    assert csv_rows(themes)[1] == ["1", "Ljus", "1, 2", "3", "4,5", "2", "2", "Ja"]
    assert b";4,5;2;" in themes  # unquoted: Excel reads it as the number 4.5
    commas = write_csv_tables(document, tmp_path / "comma", separator=",")
    assert csv_rows(commas[1].read_bytes(), ",")[1][4:6] == ["4.5", "2"]


def test_csv_of_an_english_workshop_has_english_headers(store):
    document = workshop_document(store, build_workshop(store, language="en"))
    rows = csv_rows(backlog_csv(document))
    assert rows[0][:3] == ["Priority", "Title", "Description"]
    assert rows[1][11] == "In progress"


# Markdown

def test_markdown_reads_as_a_report_in_swedish(document):
    text = markdown(document)
    assert text.startswith("# Trygg väg till skolan\n\nVad gör skolvägen säkrare för barnen?\n")
    assert "- **Deltagare:** 3\n- **Ämnen:** 5\n- **Prickar:** 14\n" in text
    assert ("## Resultat\n\n1. Bättre belysning på gångvägen längs ån (7 prickar)\n"
            "2. =1+1 (2 prickar)\n") in text
    assert "## Lågt hängande frukter\n\n- Belysning längs ån\n" in text


def test_markdown_and_report_rank_themes_when_the_room_voted_on_themes(store):
    document = themes_voted_and_rated(store)
    assert "## Resultat\n\n1. Ljus (3 prickar)\n2. Trafik (3 prickar)\n\n" in markdown(document)
    page = report_html(document)
    chart = page[page.index('<ol class="chart">'):page.index("</ol>")]
    assert re.findall(r'<span class="label">([^<]*)</span>', chart) == ["Ljus", "Trafik"]
    assert "<strong>5</strong> ämnen" in page and "<strong>20</strong> prickar" in page


def test_markdown_backlog_table_escapes_pipes_and_newlines(document):
    lines = markdown(document).splitlines()
    header = lines.index("| " + " | ".join(SWEDISH_BACKLOG_HEADERS) + " |")
    first = lines[header + 2]
    assert first.startswith("| 1 | Belysning längs ån | Byt till LED \\| gula armaturer"
                            "<br>Först vid skolan | Trygghet | 7 | 4 | 2 | Ja |")
    for row in lines[header:header + 4]:
        assert len(re.findall(r"(?<!\\)\|", row)) == len(SWEDISH_BACKLOG_HEADERS) + 1


def test_markdown_lists_topics_without_hidden_and_with_merged_under_target(document):
    text = markdown(document)
    assert ("## Alla ämnen\n\n- Bättre belysning på gångvägen längs ån (7 prickar)\n"
            "  - Mer ljus vid ån\n- =1+1 (2 prickar)\n") in text
    assert "\\@SUM" not in text and "- @SUM(A1) (1 prick)" in text
    assert "Övergångsställe" not in text


def test_markdown_of_an_english_workshop_has_english_headings(store):
    text = markdown(workshop_document(store, build_workshop(store, language="en")))
    assert "## Results\n" in text and "## All topics\n" in text
    assert "- **Participants:** 3\n" in text and "(7 dots)" in text


# Report

def test_report_file_carries_its_style_sheet_as_written(document):
    page = report_html(document, standalone=True)
    style = page[page.index("<style>") + len("<style>"):page.index("</style>")]
    assert style == REPORT_CSS.read_text(encoding="utf-8")
    assert 'font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;' in style


def test_report_matrix_plots_the_mean_ratings_as_the_live_matrix_does(store):
    document = themes_voted_and_rated(store)
    page = report_html(document)
    table = page[page.index('<table class="matrix-table">'):]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>"
                      r"<td>(.*?)</td><td>(.*?)</td></tr>", table[:table.index("</table>")])
    assert rows == [("1", "Ljus", "4.5", "2", "2", "Ja"),  # not the backlog's 4 and 2
                    ("2", "Trafik", "2", "5", "1", "Ja")]
    workshop = store.workshop_by_code(document["workshop"]["code"])
    live = results_context(store, workshop)["matrix"]
    assert drawn_points(page) == [(p["x"], p["y"], str(p["item"]["number"])) for p in live]
    # x: effort 1 → 40, one step (80) per point; y: impact 5 → 40, one step down per point.
    assert drawn_points(page) == [(40 + 80, 40 + 40, "1"), (40 + 320, 40 + 240, "2")]


def drawn_points(page: str) -> list[tuple[int, int, str]]:
    """Each marker of a rendered matrix: its centre and its number."""
    return [(int(x), int(y), number) for x, y, number in re.findall(
        r'<circle cx="(\d+)" cy="(\d+)".*?<text [^>]*>(\d+)</text>', page, re.S)]


def test_report_matrix_says_so_when_nobody_rated(document):
    assert "Ingen har bedömt nytta och insats i den här workshopen." in report_html(document)
    assert 'class="matrix"' not in report_html(document)


def test_matrix_spreads_nine_items_at_one_spot_so_every_number_shows():
    items = [{"impact": 5, "effort": 1, "number": n, "quick_win": True} for n in range(1, 10)]
    centres = [(point["x"], point["y"]) for point in matrix_points(items)]
    assert centres[0] == (40, 40)  # the first on its spot: the top left corner
    assert len(set(centres)) == 9
    assert all(math.dist(a, b) >= 2 * 11 for a, b in combinations(centres, 2))  # radius 11
    assert all(40 <= value <= 360 for centre in centres for value in centre)  # in the frame


def test_matrix_moves_a_marker_only_when_it_would_cover_another():
    items = [{"impact": impact, "effort": effort, "number": n, "quick_win": False}
             for n, (impact, effort) in enumerate([(3, 3), (3.1, 3), (1, 5)], 1)]
    centres = [(point["x"], point["y"]) for point in matrix_points(items)]
    assert centres[0] == (200, 200) and centres[2] == (360, 360)
    assert math.dist(centres[0], centres[1]) >= 22 and centres[1] != (200, 192)


# Names

@pytest.mark.parametrize("names_enabled, include_names", [(0, False), (0, True), (1, False)])
def test_exports_carry_no_names_unless_asked_and_enabled(store, tmp_path, names_enabled,
                                                        include_names):
    workshop = build_workshop(store, names_enabled=names_enabled)
    text = every_export_as_text(workshop_document(store, workshop, include_names), tmp_path)
    assert [name for name in NAMES if name in text] == []


def test_exports_carry_names_when_asked_and_enabled(store, tmp_path):
    document = workshop_document(store, build_workshop(store), include_names=True)
    topics = values(workbook(document)["Ämnen"])
    assert topics[0][3:5] == ("Skrivet av", "Namn")
    assert topics[1][3:5] == ("p1", "Åsa Lindqvist")
    votes = csv_rows(write_csv_tables(document, tmp_path)[4].read_bytes())
    assert votes[0][:2] == ["Deltagare", "Namn"] and ["p2", "Örjan Berg"] == votes[3][:2]
