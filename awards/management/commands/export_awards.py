"""python manage.py export_awards CONTEST --out FILE.xlsx: write an award list.

Kinds: contest (every prize, default), round (one round's winners, --round N),
ranking (a round's full ranking), collective (unit ranking), participation (a unit
subtree's report, --unit CODE). Personal numbers are masked unless --user names
someone allowed to see personal data.
"""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Unit, User
from accounts.privacy import can_view_personal_data
from awards import exports
from awards.models import ExportJob
from contests.models import Contest


class Command(BaseCommand):
    help = "Xuất danh sách giải thưởng / báo cáo ra tệp Excel (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("contest", help="Đường dẫn (slug) của cuộc thi.")
        parser.add_argument("--out", required=True, help="Tệp .xlsx sẽ ghi ra.")
        parser.add_argument(
            "--kind",
            choices=ExportJob.Kind.values,
            default=ExportJob.Kind.CONTEST,
            help="Loại danh sách (mặc định: contest).",
        )
        parser.add_argument("--round", type=int, help="Số thứ tự đợt thi.")
        parser.add_argument("--unit", help="Mã đơn vị (báo cáo tham gia).")
        parser.add_argument(
            "--user",
            help="Tên đăng nhập của người xuất: quyết định có hiện CCCD, số điện "
            "thoại, ngày sinh hay không.",
        )

    def handle(self, *args, **opts):
        contest = Contest.objects.filter(slug=opts["contest"]).first()
        if contest is None:
            raise CommandError(f"Không có cuộc thi có đường dẫn «{opts['contest']}».")
        kind = opts["kind"]
        round_ = unit = None
        if kind in (ExportJob.Kind.ROUND, ExportJob.Kind.RANKING):
            if opts["round"] is None:
                raise CommandError(f"Loại «{kind}» cần --round N.")
            round_ = contest.rounds.filter(number=opts["round"]).first()
            if round_ is None:
                raise CommandError(
                    f"Cuộc thi «{contest.slug}» không có đợt thi số {opts['round']}."
                )
        if kind == ExportJob.Kind.PARTICIPATION:
            if not opts["unit"]:
                raise CommandError("Loại «participation» cần --unit MÃ_ĐƠN_VỊ.")
            unit = Unit.objects.filter(code=opts["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã «{opts['unit']}».")
        viewer = None
        if opts["user"]:
            viewer = User.objects.filter(username=opts["user"]).first()
            if viewer is None:
                raise CommandError(f"Không có người dùng «{opts['user']}».")
        out = opts["out"]
        if not out.lower().endswith(".xlsx"):
            raise CommandError("Tệp ghi ra phải có đuôi .xlsx.")
        personal = can_view_personal_data(viewer, None)
        rows = exports.write_export(
            kind, contest, out, round_=round_, unit=unit, personal=personal
        )
        masked = "" if personal else " (đã che CCCD, số điện thoại, ngày sinh)"
        self.stdout.write(f"Đã ghi {out}: {rows} dòng{masked}.")
