"""The certificate's PDF: a Django template, the bundled Noto Serif (static/
certificates/fonts, SIL OFL) through @font-face, and a QR code of the public
verification URL. WeasyPrint lays it out; no system font is assumed."""

from __future__ import annotations

import atexit
from functools import cache

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse

from ..models import Certificate

STYLESHEET = "certificates/certificate.css"


def verification_path(certificate: Certificate) -> str:
    return reverse("certificates:verify", args=[certificate.code])


def verification_url(certificate: Certificate, *, base_url: str = "") -> str:
    """The absolute URL the QR code holds: SITE_URL when set (a zip made by
    a worker has no request), else ``base_url`` (the request's own origin)."""
    base = (settings.SITE_URL or base_url).rstrip("/")
    return base + verification_path(certificate)


@cache
def _stylesheet():
    """Parsed once per process: the fonts' @font-face rules resolve relative to
    the stylesheet's own file, wherever the project is installed."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    path = finders.find(STYLESHEET)
    if path is None:  # pragma: no cover - a broken install, said plainly
        raise FileNotFoundError(STYLESHEET)
    return CSS(filename=path, font_config=fonts), fonts


# Dropped before the interpreter tears modules down: WeasyPrint's font
# configuration cleans up in __del__, which needs them alive.
atexit.register(_stylesheet.cache_clear)


def render_pdf(certificate: Certificate, *, base_url: str = "") -> bytes:
    """The PDF (one A4 landscape page) of ``certificate`` as it was issued."""
    from weasyprint import HTML

    url = verification_url(certificate, base_url=base_url)
    qr = segno.make(url, error="m").svg_data_uri(scale=4, border=4)
    html = render_to_string(
        "certificates/pdf.html",
        {"certificate": certificate, "qr": qr, "url": url},
    )
    stylesheet, fonts = _stylesheet()
    document = HTML(string=html, base_url=finders.find(STYLESHEET))
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)
