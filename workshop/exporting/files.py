"""Every export as a file: its name, media type and bytes, for downloads and the CLI alike."""

import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from workshop.exporting.csv_files import backlog_csv, csv_file_name, write_csv_tables
from workshop.exporting.json_format import to_json
from workshop.exporting.markdown import markdown
from workshop.exporting.report import report_html

FORMATS = ("xlsx", "csv", "csv-zip", "md", "json", "report")


@dataclass(frozen=True)
class ExportFile:
    name: str
    media_type: str
    content: bytes


def export_file(document: dict, fmt: str, separator: str = ";") -> ExportFile:
    """The export of a workshop document in one of FORMATS."""
    code = document["workshop"]["code"]
    if fmt == "xlsx":
        from workshop.exporting.xlsx import write_xlsx  # openpyxl: 30 MB, loaded when asked

        buffer = io.BytesIO()
        write_xlsx(document, buffer)
        return ExportFile(f"samla-{code}.xlsx", "application/vnd.openxmlformats-officedocument"
                          ".spreadsheetml.sheet", buffer.getvalue())
    if fmt == "csv":
        return ExportFile(csv_file_name(document, "backlog"), "text/csv; charset=utf-8",
                          backlog_csv(document, separator))
    if fmt == "csv-zip":
        return ExportFile(f"samla-{code}-csv.zip", "application/zip",
                          zipped_tables(document, separator))
    if fmt == "md":
        return ExportFile(f"samla-{code}.md", "text/markdown; charset=utf-8",
                          markdown(document).encode())
    if fmt == "json":
        return ExportFile(f"samla-{code}.json", "application/json", to_json(document).encode())
    if fmt == "report":
        return ExportFile(f"samla-{code}-report.html", "text/html; charset=utf-8",
                          report_html(document, standalone=True).encode())
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def zipped_tables(document: dict, separator: str) -> bytes:
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as directory, zipfile.ZipFile(buffer, "w") as archive:
        for path in write_csv_tables(document, Path(directory), separator):
            archive.write(path, path.name)
    return buffer.getvalue()
