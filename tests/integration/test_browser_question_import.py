"""The organizer imports a Word bank in the admin, in Chromium: upload, read the
check (errors named by question and paragraph), fix, confirm."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from quizzes.importing import messages as m
from quizzes.models import Question, QuestionBank
from tests.quizzes import wordbanks as wb

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _login(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": live_server.url,
            }
        ]
    )


def _upload(page, live_server, data: bytes, bank: str) -> None:
    page.goto(live_server.url + reverse("admin:quizzes_question_import"))
    page.fill("#id_new_bank_name", bank)
    page.set_input_files(
        "#id_import_file",
        files=[{"name": "ngan-hang.docx", "mimeType": DOCX, "buffer": data}],
    )
    page.select_option("#id_format", label="docx")
    page.get_by_role("button", name="Kiểm tra tệp").click()


def test_organizer_checks_fixes_and_confirms_a_word_bank(
    live_server, browser, organizer
):
    context = browser.new_context(locale="vi-VN")
    _login(context, live_server, organizer)
    page = context.new_page()

    # A bank whose keys were never marked: every question is named, nothing written.
    _upload(page, live_server, wb.paragraphs_bank(how=None), "Pháp luật 2024")
    errors = page.locator("#import-errors")
    expect(errors).to_be_visible()
    assert "Câu 1 (đoạn 3)" in page.content()
    assert str(m.DOCX_NO_KEY) in page.content()
    expect(page.locator("#confirm-import")).to_have_count(0)
    assert not QuestionBank.objects.exists()

    # The same bank with the keys in bold: the check lists the questions.
    _upload(page, live_server, wb.paragraphs_bank(how="bold"), "Pháp luật 2024")
    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("Luật Công đoàn năm 2012 có hiệu lực từ ngày nào?")
    expect(page.locator("#import-skipped")).to_be_visible()  # the title lines
    assert not Question.objects.exists()
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.locator(".messagelist")).to_contain_text("Đã nhập 4 câu hỏi")
    keys = {
        q.text: q.choices.get(is_correct=True).letter
        for q in Question.objects.filter(bank__name="Pháp luật 2024")
    }
    assert keys == {text: "ABCDEF"[correct] for text, _c, correct in wb.LAW}

    # Uploading it again offers to skip what is already there.
    _upload(page, live_server, wb.paragraphs_bank(how="bold"), "Pháp luật 2024")
    expect(page.locator("#import-existing")).to_contain_text(
        "4 câu hỏi đã có trong ngân hàng sẽ được bỏ qua"
    )
    context.close()


@pytest.mark.integration
def test_a_word_bank_is_checked_and_imported_by_a_real_worker(
    live_server, browser, organizer, tmp_path
):
    from tests.integration.test_celery_close import Worker

    worker = Worker(tmp_path / "worker.log")
    try:
        context = browser.new_context(locale="vi-VN")
        _login(context, live_server, organizer)
        page = context.new_page()
        page.goto(live_server.url + reverse("admin:quizzes_question_changelist"))
        page.get_by_role("link", name="Nhập từ tệp (Excel, Word, Aiken, GIFT)").click()
        page.fill("#id_new_bank_name", "Chạy nền 2024")
        page.set_input_files(
            "#id_import_file",
            files=[
                {
                    "name": "ngan-hang.docx",
                    "mimeType": DOCX,
                    "buffer": wb.paragraphs_bank(how="underline"),
                }
            ],
        )
        page.get_by_role("button", name="Kiểm tra tệp").click()
        expect(page.locator("#import-job-progress")).to_be_visible()
        # htmx polls the progress and reloads the page when the worker is done.
        expect(page.locator("#import-job-counts")).to_contain_text(
            "Mới: 4", timeout=60_000
        )
        expect(page.locator("#import-job-preview")).to_contain_text(
            "Ngày truyền thống của Công đoàn Việt Nam là ngày nào?"
        )
        assert not Question.objects.exists()
        page.get_by_role("button", name="Xác nhận nhập").click()
        expect(page.locator("#import-job-done")).to_contain_text(
            "Đã nhập 4 câu hỏi", timeout=60_000
        )
        assert Question.objects.filter(bank__name="Chạy nền 2024").count() == 4
        context.close()
    finally:
        worker.stop()
