"""Downloads for the facilitator: every export format, and the printable report page."""

from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from workshop.exporting.document import workshop_document
from workshop.exporting.files import FORMATS, export_file
from workshop.exporting.report import report_html
from workshop.guards import Refused, facilitators_workshop, store
from workshop.i18n import lazy_gettext as _l


def facilitators_document(request) -> dict:
    return workshop_document(store(request), facilitators_workshop(request),
                             include_names=request.query_params.get("names") == "on",
                             archive=request.query_params.get("archive") == "on")


async def download(request):
    document = facilitators_document(request)
    fmt = request.query_params.get("format", "xlsx")
    if fmt not in FORMATS:
        raise Refused(_l("Choose one of the listed formats."), 422)
    separator = "," if request.query_params.get("comma") == "on" else ";"
    exported = export_file(document, fmt, separator)
    return Response(exported.content, media_type=exported.media_type, headers={
        "content-disposition": f'attachment; filename="{exported.name}"'})


async def report(request):
    return HTMLResponse(report_html(facilitators_document(request)))


routes = [
    Route("/w/{code}/export", download, name="download"),
    Route("/w/{code}/report", report, name="report"),
]
