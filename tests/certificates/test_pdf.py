"""The PDF itself: its QR code, decoded from the rendered page, opens the
certificate's verification page; its text is the Vietnamese of the certificate,
in the bundled font (a missing glyph would not extract as the right letter)."""

import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from certificates import services

from .conftest import certificate_of, run

pytestmark = pytest.mark.usefixtures("pdf_tools")


def qr_of(pdf: bytes) -> str:
    """Render the page at 150 dpi (poppler) and decode its QR code (zbar)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "certificate.pdf"
        source.write_bytes(pdf)
        run("pdftoppm", "-r", "150", "-png", "-singlefile", str(source),
            str(Path(folder) / "page"))  # fmt: skip
        found = run("zbarimg", "--quiet", "--raw", str(Path(folder) / "page.png"))
    return found.decode().strip()


def text_of(pdf: bytes) -> str:
    return run("pdftotext", "-layout", "-", "-", stdin=pdf).decode()


def test_the_qr_code_decoded_from_the_pdf_opens_the_verification_page(
    closed, contestant_a, client
):
    certificate = certificate_of(contestant_a)
    pdf = services.render_pdf(certificate, base_url="https://thi.example.vn/")

    url = qr_of(pdf)

    assert url == f"https://thi.example.vn/giay-chung-nhan/xac-minh/{certificate.code}/"
    page = client.get(urlsplit(url).path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Giấy chứng nhận hợp lệ." in html
    assert "Nguyễn Thị Hằng Đắk" in html
    assert certificate.number in html


def test_the_pdf_text_is_the_certificate_in_vietnamese(closed, contestant_a, unit_a):
    certificate = certificate_of(contestant_a)

    text = " ".join(text_of(services.render_pdf(certificate)).split())

    for expected in (
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH BẾN TRE",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY CHỨNG NHẬN",
        "Ban Tổ chức Cuộc thi tìm hiểu về chuyển đổi số tỉnh Bến Tre năm 2024",
        "Nguyễn Thị Hằng Đắk",
        f"Đơn vị: {unit_a.name}",
        "Giải Nhất",
        "Giải cá nhân theo đợt — Tuần 1",
        f"Số: {certificate.number}",
        f"Ngày {certificate.issued_on:%d} tháng {certificate.issued_on:%m} năm "
        f"{certificate.issued_on:%Y}",
    ):
        assert expected in text, expected


def test_the_pdf_embeds_the_bundled_font_and_nothing_else(closed, contestant_a):
    pdf = services.render_pdf(certificate_of(contestant_a))

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        listing = run("pdffonts", handle.name).decode().splitlines()[2:]

    # "Portal Serif" exists only through the stylesheet's @font-face (the files in
    # static/certificates/fonts): a letter drawn from a system font (a fallback for
    # a missing glyph) would list that font too.
    fonts = {re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in listing}
    assert fonts == {"Portal-Serif", "Portal-Serif-Bold"}, listing
    assert all(" yes " in line for line in listing), listing  # embedded
