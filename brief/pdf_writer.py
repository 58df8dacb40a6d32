"""The PDF writer: WeasyPrint prints the rendered document with the set's style.css.

WeasyPrint is imported here and only here, when a PDF is asked for: it takes most of a second
to import, and `brief check` must stay quick. Every file it asks for goes through a fetcher
confined to the allowed folders; a refused or missing file fails the build rather than
quietly printing a brief without its fonts.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from brief.errors import TemplateError
from brief.render import RenderedDocument
from brief.resources import RefusedResource, read_resource


def write_pdf(document: RenderedDocument) -> tuple[bytes, list[str]]:
    """The PDF of `document`, and WeasyPrint's warnings about the template set's CSS."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    html = weasyprint.HTML(
        string=document.html,
        base_url=document.template_set.folder.as_uri() + "/",
        url_fetcher=_fetcher(document.allowed_folders),
    )
    with _warnings() as warnings:
        try:
            pdf = html.write_pdf(
                pdf_tags=True,  # tagged structure for screen readers
                pdf_identifier=hashlib.sha256(document.html.encode()).hexdigest()[:32].encode(),
            )
        except FatalURLFetchingError as error:
            raise TemplateError(f"{document.template_set.folder}: {error.__cause__ or error}") from error
    return pdf, warnings


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


__all__ = ["RefusedResource", "write_pdf"]
