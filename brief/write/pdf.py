"""The PDF writer: WeasyPrint prints the rendered document with the set's style.css.

WeasyPrint is imported here and only here, when a PDF is asked for: it takes most of a second
to import, and `brief check` must stay quick. Every file it asks for goes through a fetcher
confined to the allowed folders; a refused or missing file fails the build rather than
quietly printing a brief without its fonts.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from brief.errors import TemplateError
from brief.render.document import RenderedDocument
from brief.render.resources import read_resource

INPUT_DESCRIPTION = "brief input"


def write_pdf(document: RenderedDocument, *, pdf_a: bool = False) -> tuple[bytes, list[str]]:
    """The PDF of `document`, carrying its input, and WeasyPrint's warnings about the set's CSS.

    `pdf_a` makes it PDF/A-3b, the archival variant that allows the embedded input.
    """
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    html = weasyprint.HTML(
        string=document.html,
        base_url=document.template_set.folder.as_uri() + "/",
        url_fetcher=_fetcher(document.allowed_folders),
    )
    options: dict[str, Any] = {
        "pdf_tags": True,  # tagged structure for screen readers
        "pdf_identifier": hashlib.sha256(document.html.encode()).hexdigest()[:32].encode(),  # fixed, for reproducible files
        "attachments": [_input_attachment(document)],
        "pdf_variant": "pdf/a-3b" if pdf_a else None,
    }
    with _warnings() as warnings:
        try:
            rendered = html.render(**options)
            pdf = rendered.write_pdf(**options)
        except FatalURLFetchingError as error:
            raise TemplateError(f"{document.template_set.folder}: {error.__cause__ or error}") from error
    return pdf, warnings + _length_warning(document, len(rendered.pages))


def _input_attachment(document: RenderedDocument) -> Any:
    """The input the brief was built from, as a file inside the PDF, dated the brief's date."""
    import weasyprint

    stamp = datetime.combine(document.metadata.created, time(0, 0), tzinfo=UTC)
    return weasyprint.Attachment(
        file_obj=io.BytesIO(document.input.data),
        name=document.input.name,
        description=INPUT_DESCRIPTION,
        created=stamp,
        modified=stamp,
        relationship="Source",
    )


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
