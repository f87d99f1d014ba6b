"""import_questions FILE --bank NAME [--format xlsx|docx|aiken|gift] [--dry-run]

Checks the whole file and imports every question or none. Prints each error on its own
line (stderr) and exits non-zero when the file is rejected.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from quizzes import layout
from quizzes.importing import FORMATS, messages
from quizzes.importing.checks import say
from quizzes.services import import_questions

EXTENSIONS = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".docx": "docx",
    ".gift": "gift",
    ".aiken": "aiken",
}


class Command(BaseCommand):
    help = _(
        "Nhập câu hỏi từ bảng tính .xlsx theo mẫu, văn bản Word .docx, hoặc tệp "
        "Aiken/GIFT của Moodle, "
        "vào một ngân hàng (tạo mới nếu chưa có). Có lỗi thì không nhập câu nào."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("đường dẫn tệp"))
        parser.add_argument("--bank", required=True, help=_("tên ngân hàng câu hỏi"))
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help=_(
                "xlsx, docx, aiken hoặc gift; mặc định theo đuôi tệp (.docx, .gift, "
                ".aiken), còn lại là xlsx"
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("chỉ kiểm tra, không ghi gì"),
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        fmt = options["format"] or EXTENSIONS.get(path.suffix.lower(), "xlsx")
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise CommandError(
                _("Không mở được tệp %(path)s: %(error)s")
                % {"path": path, "error": exc.strerror}
            ) from exc
        if size > layout.MAX_FILE_BYTES:
            # Refuse before reading a huge file into memory.
            self.stderr.write(
                say(
                    messages.FILE_TOO_LARGE,
                    size=f"{size / (1024 * 1024):.1f}",
                    limit=layout.MAX_FILE_BYTES // (1024 * 1024),
                )
            )
            raise CommandError(_("Không nhập câu hỏi nào."))
        data = path.read_bytes()
        started = time.perf_counter()
        outcome = import_questions(
            data=data, bank_name=options["bank"], fmt=fmt, dry_run=options["dry_run"]
        )
        elapsed = time.perf_counter() - started
        for notice in outcome.notices:
            self.stdout.write(str(notice))
        for skipped in outcome.skipped:
            self.stdout.write(str(skipped))
        if not outcome.ok:
            for error in outcome.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("Không nhập câu hỏi nào: tệp có %(count)s lỗi.")
                % {"count": len(outcome.errors)}
            )
        if outcome.existing:
            self.stdout.write(
                _(
                    "Bỏ qua %(count)s câu hỏi đã có trong ngân hàng (cùng nội dung và "
                    "đáp án): dòng %(rows)s."
                )
                % {
                    "count": len(outcome.existing),
                    "rows": ", ".join(str(row.row) for row in outcome.existing[:50]),
                }
            )
        if options["dry_run"]:
            self.stdout.write(
                _("Chạy thử: %(count)s câu hỏi hợp lệ, chưa ghi gì (%(seconds).2f s).")
                % {"count": len(outcome.rows), "seconds": elapsed}
            )
            return
        rate = outcome.created / elapsed if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đã nhập %(count)s câu hỏi vào ngân hàng “%(bank)s” (%(topics)s "
                    "chủ đề mới) trong %(seconds).2f s (%(rate)s câu/giây)."
                )
                % {
                    "count": outcome.created,
                    "bank": outcome.bank_name,
                    "topics": outcome.topics_created,
                    "seconds": elapsed,
                    "rate": f"{rate:,.0f}",
                }
            )
        )
        if outcome.skipped:
            self.stdout.write(
                _("Đã bỏ qua %(count)s câu hỏi không phải trắc nghiệm một đáp án.")
                % {"count": len(outcome.skipped)}
            )
