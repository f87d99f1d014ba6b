"""django-import-export glue: the admin's import preview and confirm run our service.

import-export reads the upload into a dataset and calls Resource.import_data twice:
with dry_run=True for the preview, then with dry_run=False after "Xác nhận nhập". Our
formats keep the raw bytes in the dataset, and QuestionResource.import_data hands them
to quizzes.services.import_questions, so the admin and the command check and write
exactly the same way (all rows or none), and a bad file shows every bad row.
"""

import tablib
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.formats.base_formats import Format
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.results import Error, Result, RowResult

from . import layout
from .exports import CONTENT_TYPE
from .importing import messages
from .importing.checks import say
from .models import Question, QuestionBank
from .services import ImportOutcome, import_questions

CHOOSE_BANK = _("Chọn một ngân hàng có sẵn hoặc ghi tên ngân hàng mới.")
BANK_CONFLICT = _("Chỉ chọn ngân hàng có sẵn hoặc ghi tên mới, không cả hai.")
# The check page shows this many questions and errors; the counts cover all of
# them (a 50,000-question check rendered a 25 MB page) and the command prints all.
PREVIEW_ROWS = 1000
PREVIEW_ERRORS = 200

NOT_OUR_FORMAT = _("Hãy chọn định dạng xlsx, docx, aiken hoặc gift.")


class QuestionSource(tablib.Dataset):
    """The uploaded bytes, unparsed; the import service parses and checks them."""

    def __init__(self, data: bytes, fmt: str):
        super().__init__()
        self.raw = data
        self.fmt = fmt

    def __bool__(self) -> bool:
        # import-export treats an empty dataset as "no data"; an empty file is
        # reported by the service, in Vietnamese, with the other errors.
        return True


class QuestionFileFormat(Format):
    fmt = "xlsx"
    extension = "xlsx"
    content_type = CONTENT_TYPE

    def __init__(self, encoding=None):
        self.encoding = encoding

    def get_title(self):
        # Matches the file's extension: import-export's guess_format.js selects it.
        return self.fmt

    def create_dataset(self, in_stream):
        data = in_stream if isinstance(in_stream, bytes) else in_stream.encode()
        return QuestionSource(data, self.fmt)

    def is_binary(self):
        return True

    def can_import(self):
        return True

    def can_export(self):
        return self.fmt == "xlsx"

    def get_extension(self):
        return self.extension

    def get_content_type(self):
        return self.content_type

    def export_data(self, dataset, **kwargs):  # QuestionAdmin.get_export_data writes
        raise NotImplementedError


class XlsxFormat(QuestionFileFormat):
    fmt = extension = "xlsx"


class DocxFormat(QuestionFileFormat):
    fmt = extension = "docx"
    content_type = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


class AikenFormat(QuestionFileFormat):
    fmt = "aiken"
    extension = "txt"
    content_type = "text/plain"


class GiftFormat(QuestionFileFormat):
    fmt = "gift"
    extension = "gift"
    content_type = "text/plain"


# New formats go last: the admin's format field posts an index into this list.
IMPORT_FORMATS = [XlsxFormat, AikenFormat, GiftFormat, DocxFormat]
EXPORT_FORMATS = [XlsxFormat]


class QuestionResource(resources.Resource):
    """The documented layout's columns (listed on the import page)."""

    topic = fields.Field(column_name=layout.TOPIC)
    text = fields.Field(column_name=layout.QUESTION)
    choice_a = fields.Field(column_name=layout.CHOICE_HEADERS[0])
    choice_b = fields.Field(column_name=layout.CHOICE_HEADERS[1])
    choice_c = fields.Field(column_name=layout.CHOICE_HEADERS[2])
    choice_d = fields.Field(column_name=layout.CHOICE_HEADERS[3])
    choice_e = fields.Field(column_name=layout.CHOICE_HEADERS[4])
    choice_f = fields.Field(column_name=layout.CHOICE_HEADERS[5])
    correct = fields.Field(column_name=layout.CORRECT)
    difficulty = fields.Field(column_name=layout.DIFFICULTY)
    explanation = fields.Field(column_name=layout.EXPLANATION)
    document = fields.Field(column_name=layout.DOCUMENT)

    @classmethod
    def get_display_name(cls):
        return _("Câu hỏi (mẫu Excel của cổng, Word, Aiken, GIFT)")

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """Run the import service on the uploaded bytes; build import-export's Result.

        The service owns the transaction (all rows or none) and the bank lock.
        """
        if not isinstance(dataset, QuestionSource):
            result = Result()
            result.append_base_error(Error(ValidationError(str(NOT_OUR_FORMAT))))
            return result
        outcome = import_questions(
            data=dataset.raw,
            bank_name=kwargs.get("bank_name", ""),
            fmt=dataset.fmt,
            dry_run=dry_run,
        )
        return outcome_result(outcome)


def outcome_result(outcome: ImportOutcome) -> Result:
    """import-export's Result for an outcome; the template also reads .outcome."""
    result = Result()
    result.outcome = outcome
    result.diff_headers = list(layout.HEADERS)
    result.total_rows = len(outcome.rows)
    by_row: dict[int, dict[str, list[str]]] = {}
    for error in outcome.errors:
        if error.row is None or error.row == 1:
            result.append_base_error(Error(ValidationError(str(error))))
        else:
            column = error.column or "__all__"
            by_row.setdefault(error.row, {}).setdefault(column, []).append(
                error.message
            )
    for row, errors in sorted(by_row.items())[:PREVIEW_ERRORS]:
        values = dict(
            zip(layout.HEADERS, outcome.error_values.get(row, ()), strict=False)
        )
        result.append_invalid_row(row, values, ValidationError(errors))
    if outcome.errors:
        return result
    # import-export writes one admin log entry per created question.
    created = Question.objects.in_bulk(outcome.question_ids)
    existing = {row.row for row in outcome.existing}
    new_ids = iter(outcome.question_ids)
    # The check shows the first rows; the confirm logs every created question.
    shown = outcome.rows[:PREVIEW_ROWS] if outcome.dry_run else outcome.rows
    for row in shown:
        question_id = None
        row_result = RowResult()
        if row.row in existing:
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
        else:
            row_result.import_type = RowResult.IMPORT_TYPE_NEW
            question_id = next(new_ids, None)
        row_result.diff = [
            row.topic,
            row.text,
            *row.choices,
            *[""] * (layout.MAX_CHOICES - len(row.choices)),
            layout.LETTERS[row.correct],
            layout.DIFFICULTY_LABELS[row.difficulty],
            row.explanation,
            row.document_title,
        ]
        instance = created.get(question_id)
        if instance is not None:
            row_result.instance = instance
            row_result.add_instance_info(instance)
        result.append_row_result(row_result)
        result.increment_row_result_total(row_result)
    return result


class QuestionImportForm(ImportForm):
    bank = forms.ModelChoiceField(
        queryset=QuestionBank.objects.all(),
        required=False,
        label=_("Ngân hàng có sẵn"),
    )
    new_bank_name = forms.CharField(
        required=False,
        max_length=200,
        label=_("hoặc tên ngân hàng mới"),
    )
    field_order = ["bank", "new_bank_name", "import_file", "format", "resource"]

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].label = _("Tệp câu hỏi")
        self.fields["format"].label = _("Định dạng")
        self.fields["format"].help_text = _(
            "xlsx: bảng tính theo mẫu của cổng; docx: văn bản Word “Câu 1: …”, các "
            "đáp án A. B. C. D., đáp án đúng in đậm, gạch chân, tô màu, có dấu * "
            "hoặc dòng “Đáp án: B” (hay bảng câu hỏi, bảng đáp án); aiken, gift: "
            "tệp văn bản xuất từ Moodle (mã UTF-8)."
        )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > layout.MAX_FILE_BYTES:
            raise ValidationError(
                say(
                    messages.FILE_TOO_LARGE,
                    size=f"{upload.size / (1024 * 1024):.1f}",
                    limit=layout.MAX_FILE_BYTES // (1024 * 1024),
                )
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        bank, name = cleaned.get("bank"), (cleaned.get("new_bank_name") or "").strip()
        if bank and name and name != bank.name:
            raise ValidationError(BANK_CONFLICT)
        if not bank and not name:
            raise ValidationError(CHOOSE_BANK)
        cleaned["bank_name"] = bank.name if bank else name
        return cleaned


class QuestionConfirmImportForm(ConfirmImportForm):
    bank_name = forms.CharField(widget=forms.HiddenInput(), max_length=200)
