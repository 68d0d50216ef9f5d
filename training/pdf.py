"""Printable documents: a Django template rendered to PDF by WeasyPrint.

Certificates use it, and so will the training-effect reports. Two promises:

- Nothing is downloaded while rendering. The URL fetcher answers only the site's own static
  files (read from disk, never over HTTP) and `data:` URIs; any other URL in a template or in
  content a user wrote (`http://…`, `file:…`, the cloud metadata address) is refused, and the
  document renders without it. Fonts come from the system (fontconfig: Debian's
  `fonts-noto-cjk` gives Noto Serif/Sans CJK SC), never from `@font-face` downloads.
- WeasyPrint needs pango (Debian `libpango-1.0-0`, `libpangoft2-1.0-0`). Without it, rendering
  raises `PdfUnavailable` and `pdf_response` answers with a page that says so (503), and the
  system check `training.W001` warns at start-up.
"""

from __future__ import annotations

import mimetypes
import posixpath
from functools import cache
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.checks import Warning, register
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse


class PdfUnavailable(RuntimeError):
    """WeasyPrint (or the system libraries it loads) is not installed on this machine."""


@cache
def _weasyprint():
    """The weasyprint module; PdfUnavailable when it, or pango under it, cannot be loaded."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: cannot load libpango / libgobject
        raise PdfUnavailable(str(error)) from error
    return weasyprint


def pdf_available() -> bool:
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


class RefusedURL(ValueError):
    """A document asked for something that is neither a static file of the site nor data:."""


def static_file_path(url: str, *, base_url: str) -> str | None:
    """The file on disk behind `url` when it is one of the site's static files (under
    STATIC_URL on the site's own address), else None."""
    static_base = urljoin(base_url, settings.STATIC_URL)
    split, static = urlsplit(url), urlsplit(static_base)
    if (split.scheme, split.netloc) != (static.scheme, static.netloc):
        return None
    if split.query or not split.path.startswith(static.path):
        return None
    name = unquote(split.path[len(static.path) :])
    normalised = posixpath.normpath(name) if name else ""
    if not normalised or normalised.startswith(("/", "..")) or normalised != name:
        return None
    if staticfiles_storage.exists(normalised):  # collected (hashed names in production)
        try:
            return staticfiles_storage.path(normalised)
        except NotImplementedError:  # remote storage: read the source file instead
            pass
    found = finders.find(normalised)
    return found if isinstance(found, str) else None


def site_url_fetcher(base_url: str):
    """WeasyPrint's URL fetcher for documents of this site: static files and data: only."""
    weasyprint = _weasyprint()

    class SiteStaticFetcher(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            if url.lower().startswith("data:"):
                return super().fetch(url, headers)  # decoded in memory, no network
            path = static_file_path(url, base_url=base_url)
            if path is None:
                raise RefusedURL(f"not fetched while rendering a PDF: {url[:200]}")
            with open(path, "rb") as file:
                body = file.read()
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(
                url, body, headers={"Content-Type": content_type}
            )

    return SiteStaticFetcher(allowed_protocols=("data", "http", "https"))


def render_pdf(request, template_name: str, context: dict) -> bytes:
    """The template rendered (with the request, like a page) and printed to PDF.

    Relative URLs (`{% static %}`) resolve against the site's address in the request, so the
    fetcher finds them among the static files. Raises PdfUnavailable without WeasyPrint."""
    weasyprint = _weasyprint()
    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/")
    document = weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=site_url_fetcher(base_url)
    )
    return document.write_pdf()


class PdfResponse(HttpResponse):
    """A PDF shown in the browser (inline), saved under `filename` when downloaded."""

    def __init__(self, content: bytes, *, filename: str, inline: bool = True, **kwargs):
        super().__init__(content, content_type="application/pdf", **kwargs)
        disposition = "inline" if inline else "attachment"
        self["Content-Disposition"] = f'{disposition}; filename="{filename}"'
        self["X-Content-Type-Options"] = "nosniff"
        # Chrome shows a PDF in an <embed> of its own, with inline styles: the site's policy
        # (object-src 'none', no inline style) would show "this content is blocked" instead.
        self._csp_replace = {"object-src": ["'self'"], "style-src": ["'self'", "'unsafe-inline'"]}


def pdf_response(request, template_name: str, context: dict, *, filename: str) -> HttpResponse:
    """The document as a PdfResponse, or — on a machine without WeasyPrint's libraries — a
    page that says the PDF cannot be made here (503), never a server error."""
    try:
        content = render_pdf(request, template_name, context)
    except PdfUnavailable:
        return TemplateResponse(request, "errors/pdf_unavailable.html", status=503)
    return PdfResponse(content, filename=filename)


@register()
def pdf_libraries_check(app_configs, **kwargs):
    try:
        _weasyprint()
    except PdfUnavailable as error:
        reason = str(error)
    else:
        return []
    return [
        Warning(
            f"PDF documents (printable certificates) cannot be made: {reason}",
            hint="Install WeasyPrint's libraries and the Chinese fonts: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk",
            id="training.W001",
        )
    ]
