"""The one WeasyPrint wrapper: a template under templates/pdf/ rendered to PDF bytes.

WeasyPrint fetches whatever a document names (images, stylesheets, fonts), by any protocol, which is
a way to read the server's files or reach its network (WeasyPrint's security notes, "Access to Local
Files" and "Infinite Requests"). The Office's templates name nothing outside, but a value in them (an
application's title, a comment) is the public's: ``ProjectURLFetcher`` refuses every remote URL and
every ``file://`` outside the project's static files, and WeasyPrint renders the document without
what it refused.

Fonts: the PDF CSS (templates/pdf/_office_base.html) asks for the system family "DejaVu Sans"
(fonts-dejavu-core, installed by .ci/run and the Dockerfile); no font file is kept in the repository.
"""

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class PdfRenderError(Exception):
    """A PDF of the Office could not be rendered (the template or WeasyPrint failed)."""


# Every task that renders a PDF: retried on a failed render or file error; a render that hangs must
# not hold a worker. Seconds.
PDF_TASK = {
    "autoretry_for": (OSError, PdfRenderError),
    "retry_backoff": True,
    "max_retries": 5,
    "time_limit": 120,
    "soft_time_limit": 100,
    "ignore_result": True,
}


class RefusedURL(ValueError):
    """A URL the PDF may not load. WeasyPrint catches it and renders without the resource."""


def static_roots() -> list[Path]:
    """The directories a PDF may load files from: the project's static files."""
    roots = [Path(d) for d in getattr(settings, "STATICFILES_DIRS", [])]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def allowed_path(url: str) -> Path | None:
    """The local path of a ``file://`` URL inside the project's static files; None otherwise."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()  # resolves "..", and symlinks out of static
    return path if any(path.is_relative_to(root) for root in static_roots()) else None


def _fetcher_class():
    from weasyprint import URLFetcher  # heavy: imported only when a PDF is made

    class ProjectURLFetcher(URLFetcher):
        """WeasyPrint's fetcher, for ``data:`` URLs and the project's static files only."""

        def __init__(self, **kwargs):
            super().__init__(timeout=5, allowed_protocols=("data", "file"), allow_redirects=False, **kwargs)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data" or (scheme == "file" and allowed_path(url) is not None):
                return super().fetch(url, headers)
            self.refused.append(url)
            logger.warning("A PDF tried to load %s; refused (only the project's static files).", url)
            raise RefusedURL(f"Refused: {url} (a PDF may load only the project's static files).")

    return ProjectURLFetcher


def url_fetcher():
    """A new fetcher (it records what it refused, in ``refused``)."""
    return _fetcher_class()()


def render_pdf(template_name: str, context: dict, *, fetcher=None) -> bytes:
    """Render ``template_name`` with ``context`` to a PDF (A4 unless the template's @page says otherwise).

    Raises PdfRenderError if the template or WeasyPrint fails; a refused URL is not a failure.
    """
    from weasyprint import HTML

    fetcher = fetcher or url_fetcher()
    try:
        html = render_to_string(template_name, context)
        # base_url: relative URLs resolve inside the static files, the only place allowed.
        base_url = static_roots()[0].as_uri() + "/" if static_roots() else None
        return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
    except Exception as error:  # noqa: BLE001 - every failure of a render is one error to its caller
        raise PdfRenderError(f"Could not render the PDF {template_name}: {error}") from error
