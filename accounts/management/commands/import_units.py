"""python manage.py import_units FILE.xlsx [--dry-run]

Validates the whole roster first and applies every row or none. Prints one line
per error (Excel row and column) on stderr and exits 1 when it rejects the file."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from accounts import unit_import


class Command(BaseCommand):
    help = "Nhập danh sách đơn vị từ tệp Excel (.xlsx): tất cả hoặc không gì cả."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx (dòng 1 là tiêu đề).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ kiểm tra và báo cáo, không lưu gì.",
        )

    def handle(self, *args, **options):
        # Organizers read the report in the portal's language, whatever the shell's.
        with translation.override(settings.LANGUAGE_CODE):
            self._import(options)

    def _import(self, options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp: {path}")
        report = unit_import.import_path(path, dry_run=options["dry_run"])
        for notice in report.notices:
            self.stdout.write(str(notice))
        for error in report.errors:
            self.stderr.write(str(error))
        if report.errors:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
