"""Import through django-import-export's admin: check (dry run), then confirm."""

import resource

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes import layout
from quizzes.admin import IMPORT_EXISTING_SKIPPED
from quizzes.importing import messages as m
from quizzes.importing.checks import say
from quizzes.models import Question, QuestionBank
from tests.far_cells import far_cell_workbook

from .workbooks import many_rows, read_rows, row, workbook

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:quizzes_question_import")
CONFIRM_URL = reverse("admin:quizzes_question_process_import")
FORMAT = {"xlsx": "0", "aiken": "1", "gift": "2"}  # indexes into IMPORT_FORMATS


def upload(client, data, *, name="ngan-hang.xlsx", fmt="xlsx", **fields):
    fields.setdefault("new_bank_name", "Ngân hàng nhập qua quản trị")
    return client.post(
        IMPORT_URL,
        {
            "import_file": SimpleUploadedFile(name, data),
            "format": FORMAT[fmt],
            "resource": "0",
            **fields,
        },
    )


def confirm(client, response):
    form = response.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post(CONFIRM_URL, data)


def test_a_thousand_question_workbook_is_previewed_then_imported(organizer_client):
    response = upload(organizer_client, workbook(many_rows(1000)))
    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert len(response.context["result"].valid_rows()) == 1000
    assert not Question.objects.exists()  # the preview writes nothing

    done = confirm(organizer_client, response)
    assert done.status_code == 302
    assert done.url == reverse("admin:quizzes_question_changelist")
    bank = QuestionBank.objects.get(name="Ngân hàng nhập qua quản trị")
    assert bank.questions.count() == 1000
    page = organizer_client.get(done.url)
    assert (
        "Đã nhập 1000 câu hỏi vào ngân hàng “Ngân hàng nhập qua quản trị” "
        "(5 chủ đề mới)." in page.content.decode()
    )


def test_a_broken_workbook_shows_every_bad_row_and_imports_nothing(organizer_client):
    rows = many_rows(30)
    rows[2][8] = "A, B"
    rows[9][2:8] = ["Một", None, None, None, None, None]
    rows[19][1] = ""
    response = upload(organizer_client, workbook(rows))
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    outcome = response.context["result"].outcome
    assert [(e.row, e.column) for e in outcome.errors] == [
        (4, layout.CORRECT),
        (11, "Đáp án B"),
        (21, layout.QUESTION),
    ]
    html = response.content.decode()
    assert "Tệp có 3 lỗi — chưa nhập câu hỏi nào" in html
    assert "Chỉ được một đáp án đúng, nhưng ô ghi “A, B”." in html
    assert str(m.EMPTY_QUESTION) in html
    assert not QuestionBank.objects.exists()
    assert not Question.objects.exists()


def test_a_file_that_is_not_excel_is_refused_in_vietnamese(organizer_client):
    response = upload(organizer_client, b"Chu de,Cau hoi\n", name="cau-hoi.xlsx")
    assert "confirm_form" not in response.context
    assert str(m.NOT_XLSX) in response.content.decode()
    assert not Question.objects.exists()


def test_a_huge_upload_is_refused_by_the_form(organizer_client, monkeypatch):
    monkeypatch.setattr(layout, "MAX_FILE_BYTES", 100)
    response = upload(organizer_client, workbook([row()]))
    assert "Tệp quá lớn" in response.content.decode()
    assert not Question.objects.exists()


def test_a_bank_must_be_chosen_or_named(organizer_client):
    response = upload(organizer_client, workbook([row()]), new_bank_name="")
    assert "Chọn một ngân hàng có sẵn hoặc ghi tên ngân hàng mới." in (
        response.content.decode()
    )


def test_an_existing_bank_can_be_chosen(organizer_client):
    bank = QuestionBank.objects.create(name="Ngân hàng có sẵn")
    response = upload(
        organizer_client, workbook([row()]), new_bank_name="", bank=str(bank.pk)
    )
    confirm(organizer_client, response)
    assert bank.questions.count() == 1


def test_a_question_added_between_preview_and_confirm_is_skipped_at_confirm(
    organizer_client,
):
    response = upload(organizer_client, workbook([row("Câu hỏi A?"), row("Câu B?")]))
    # Someone imports the same question (text and options) meanwhile.
    other = upload(organizer_client, workbook([row("câu hỏi a?")]))
    confirm(organizer_client, other)
    done = confirm(organizer_client, response)
    assert done.status_code == 302
    bank = QuestionBank.objects.get(name="Ngân hàng nhập qua quản trị")
    assert sorted(bank.questions.values_list("text", flat=True)) == [
        "Câu B?",
        "câu hỏi a?",
    ]
    page = organizer_client.get(done.url).content.decode()
    assert say(IMPORT_EXISTING_SKIPPED, count=1) in page


def test_re_importing_a_bank_offers_to_skip_what_is_there_and_counts_it(
    organizer_client,
):
    first = upload(organizer_client, workbook([row("Một?"), row("Hai?")]))
    confirm(organizer_client, first)
    again = upload(organizer_client, workbook([row("Một?"), row("Hai?"), row("Ba?")]))
    html = again.content.decode()
    assert again.context["confirm_form"] is not None
    assert "2 câu hỏi đã có trong ngân hàng sẽ được bỏ qua" in html
    confirm(organizer_client, again)
    assert Question.objects.count() == 3


def test_moodle_files_show_what_is_skipped(organizer_client):
    gift = "Câu trắc nghiệm? {=Có ~Không}\n\nCâu số? {#12}\n".encode()
    response = upload(organizer_client, gift, name="cau-hoi.gift", fmt="gift")
    html = response.content.decode()
    assert f"Dòng 3: {m.SKIP_NUMERICAL}" in html
    confirm(organizer_client, response)
    assert Question.objects.get().text == "Câu trắc nghiệm?"


def test_the_template_downloads_with_the_documented_headers(organizer_client):
    response = organizer_client.get(reverse("admin:quizzes_question_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('"mau-ngan-hang-cau-hoi.xlsx"')
    assert read_rows(response.content)[0] == layout.HEADERS


def test_the_import_page_documents_the_layout(organizer_client):
    html = organizer_client.get(IMPORT_URL).content.decode()
    assert ", ".join(layout.HEADERS) in html
    assert reverse("admin:quizzes_question_template") in html


@pytest.mark.parametrize(
    "url",
    [IMPORT_URL, reverse("admin:quizzes_question_template")],
)
def test_staff_without_question_rights_cannot_import(client_for, judge, secretary, url):
    for person in (judge, secretary):
        assert client_for(person).get(url).status_code == 403


def test_a_contestant_or_visitor_is_sent_to_login(client_for, contestant_a, client):
    for anyone in (client_for(contestant_a), client):
        response = anyone.get(IMPORT_URL)
        assert response.status_code == 302
        assert "/login/" in response.url


@pytest.mark.parametrize("cell", ["XFD1048576", "A1048576"])
def test_a_far_cell_is_refused_by_name_without_using_memory(organizer_client, cell):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    response = upload(organizer_client, far_cell_workbook(cell, layout.HEADERS))
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert f"Trang tính “Sheet” có dữ liệu ở ô {cell}" in response.content.decode()
    assert grown_kb < 100 * 1024
    assert not QuestionBank.objects.exists()


def test_a_big_check_shows_counts_and_the_first_rows_only(organizer_client):
    first = upload(organizer_client, workbook(many_rows(5, prefix="Đã có")))
    confirm(organizer_client, first)
    rows = many_rows(1200) + many_rows(5, prefix="Đã có")
    response = upload(organizer_client, workbook(rows))
    html = response.content.decode()
    assert len(response.context["result"].valid_rows()) == 1000
    assert (
        "Mới: 1200 · Đã có trong ngân hàng (bỏ qua): 5 · Không phải trắc nghiệm "
        "một đáp án (bỏ qua): 0 · Lỗi: 0" in html
    )
    assert "Hiện 1.000 câu đầu trong 1205 câu" in html
    assert len(html) < 2_000_000
    done = confirm(organizer_client, response)
    assert done.status_code == 302
    assert Question.objects.count() == 1205
