"""The PDF writer: WeasyPrint prints the rendered document with the set's style.css.

WeasyPrint is imported here and only here, when a PDF is asked for: it takes most of a second
to import, and `brief check` must stay quick. Every file it asks for goes through a fetcher
confined to the allowed folders; a refused or missing file fails the build rather than
quietly printing a brief without its fonts.

The same input, set and version give the same bytes wherever the project and brief live:
the file identifier hashes the HTML with the set's folders named by place, not path, and
fontTools, which subsets the fonts when HarfBuzz's subsetter is missing, dates them with the
brief's date rather than the time of the build.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from brief import gate
from brief.errors import MissingLibrary, TemplateError
from brief.render.document import RenderedDocument
from brief.render.fields import strip_markers
from brief.render.resources import read_resource

INPUT_DESCRIPTION = "brief input"
NAMED_DESCRIPTION = "file the brief input names"  # a previous version, a scale or ladder file
# fontTools dates each font it subsets (head.modified) with this variable's time when it is set.
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
MAX_FONT_CONFIGURATIONS = 8  # one per template set in use; a library rarely uses more
_FONT_CONFIGURATIONS: dict[tuple[object, ...], Any] = {}
ENVIRONMENT = threading.Lock()  # the variable is the whole process's: one PDF write at a time sets it


def write_pdf(document: RenderedDocument, *, pdf_a: bool = False) -> tuple[bytes, list[str]]:
    """The PDF of `document`, carrying its input and the files it names, and WeasyPrint's warnings about the set's CSS.

    `pdf_a` makes it PDF/A-3b, the archival variant that allows the embedded input.
    """
    weasyprint = load_weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    html = weasyprint.HTML(
        string=document.html,
        base_url=document.template_set.folder.as_uri() + "/",
        url_fetcher=_fetcher(document.allowed_folders),
    )
    options: dict[str, Any] = {
        "pdf_tags": True,  # tagged structure for screen readers
        "pdf_identifier": _identifier(document),
        "attachments": _attachments(document),
        "pdf_variant": "pdf/a-3b" if pdf_a else None,
    }
    with _warnings() as warnings, _font_dates(document.metadata.created):
        fonts = _font_configuration(document.allowed_folders)  # under the lock: one write uses it at a time
        try:
            rendered = html.render(font_config=fonts, **options)
            pdf = rendered.write_pdf(**options)
        except FatalURLFetchingError as error:
            raise TemplateError(f"{document.template_set.folder}: {error.__cause__ or error}") from error
    return pdf, warnings + _length_warning(document, len(rendered.pages))


def load_weasyprint() -> Any:
    """WeasyPrint, imported on first use; MissingLibrary naming the packages when Pango is not installed.

    WeasyPrint loads Pango through ctypes when imported, and a machine without it fails with an
    OSError no user can act on.
    """
    try:
        import weasyprint
    except OSError as error:
        raise MissingLibrary(
            f"the PDF needs Pango, which is not installed ({error}); on Debian or Ubuntu: "
            "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 (other formats build without it: --format docx)"
        ) from error
    return weasyprint


def _font_configuration(folders: Sequence[Path]) -> Any:
    """The WeasyPrint font configuration for a set's folders, made once while their font files stay as they are.

    A new configuration per PDF (WeasyPrint's default) holds on to its fonts for the life of the
    process: a batch worker or the preview grew by a quarter of a megabyte a PDF. Reused, memory
    stays flat; a changed font file (an editor at work beside the preview) makes a new one.
    """
    from weasyprint.text.fonts import FontConfiguration

    key = (
        tuple(folders),
        tuple(_signature(path) for folder in folders for path in gate.walk(folder) if path.suffix.lower() in FONT_SUFFIXES),
    )
    if key not in _FONT_CONFIGURATIONS:
        while len(_FONT_CONFIGURATIONS) >= MAX_FONT_CONFIGURATIONS:
            del _FONT_CONFIGURATIONS[next(iter(_FONT_CONFIGURATIONS))]
        _FONT_CONFIGURATIONS[key] = FontConfiguration()
    return _FONT_CONFIGURATIONS[key]


def _signature(path: Path) -> tuple[str, int, int]:
    status = os.lstat(path)
    return str(path), status.st_size, status.st_mtime_ns


def _identifier(document: RenderedDocument) -> bytes:
    """The PDF's file identifier: a hash of the HTML, with each set folder's file: URL replaced by its place in the chain.

    The HTML links the set's stylesheets and fonts by absolute URL, so the HTML as it is would
    give another identifier in every folder the set (a project's, or brief's own) lives in.
    The field markers (render.fields) are left out: they print nothing, and the PDF stays the one built without them.
    """
    places = [(folder.as_uri() + "/", f"set-{number}:/") for number, folder in enumerate(document.allowed_folders)]
    html = strip_markers(document.html)  # the DOCX's field markers print nothing, so the PDF is the one it was without them
    for url, place in sorted(places, key=lambda pair: len(pair[0]), reverse=True):  # a set inside another's folder first
        html = html.replace(url, place)
    return hashlib.sha256(html.encode()).hexdigest()[:32].encode()


@contextmanager
def _font_dates(created: date) -> Iterator[None]:
    """Have fontTools date the fonts it subsets with the brief's date, while this PDF is written, and only then."""
    stamp = datetime.combine(created, time(0, 0), tzinfo=UTC)
    with ENVIRONMENT:
        saved = os.environ.get(SOURCE_DATE_EPOCH)
        os.environ[SOURCE_DATE_EPOCH] = str(int(stamp.timestamp()))
        try:
            yield
        finally:
            if saved is None:
                del os.environ[SOURCE_DATE_EPOCH]
            else:
                os.environ[SOURCE_DATE_EPOCH] = saved


def _attachments(document: RenderedDocument) -> list[Any]:
    """The input the brief was built from, then the files it names, as files inside the PDF at their relative paths, dated the brief's date.

    The input is told apart by its description, not its place: a tool that sorts the name tree moves it.
    """
    weasyprint = load_weasyprint()

    stamp = datetime.combine(document.metadata.created, time(0, 0), tzinfo=UTC)
    return [
        weasyprint.Attachment(
            file_obj=io.BytesIO(carried.data),
            name=carried.path,
            description=NAMED_DESCRIPTION if number else INPUT_DESCRIPTION,
            created=stamp,
            modified=stamp,
            relationship="Supplement" if number else "Source",
        )
        for number, carried in enumerate(document.input.files)
    ]


def _length_warning(document: RenderedDocument, pages: int) -> list[str]:
    """A set made for a set number of pages (a one-page memo) says when a brief runs longer."""
    most = document.template_set.metadata.max_pages
    if most is None or pages <= most:
        return []
    name = document.template_set.name
    return [f"{document.source}: the brief runs to {pages} pages, but the {name} set is made for {most}; shorten it, or use another set"]


def _fetcher(allowed: Sequence[Path]) -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
        """Serves data: URLs and files inside the allowed folders; refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.lower().startswith("data:"):
                return super().fetch(url, headers)  # inline data: no file, no network
            resource = read_resource(url, allowed)
            return URLFetcherResponse(url, resource.data, {"Content-Type": resource.media_type})

    return ConfinedFetcher(fail_on_errors=True)


@contextmanager
def _warnings() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs (ignored CSS, unknown properties) for the user to see."""
    messages: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
