"""Re-match certificates with the current awards (issue, revoke, reinstate), for
one contest or all: after a restore, or for awards written before certificates
existed. Safe to repeat."""

from django.core.management.base import BaseCommand

from certificates.services import reconcile_contest
from contests.models import Contest


class Command(BaseCommand):
    help = "Đối chiếu giấy chứng nhận với danh sách giải hiện tại."

    def add_arguments(self, parser):
        parser.add_argument("--contest", help="đường dẫn (slug) của cuộc thi")

    def handle(self, *args, contest=None, **options):
        contests = Contest.objects.order_by("id")
        if contest:
            contests = contests.filter(slug=contest)
        for item in contests:
            plan = reconcile_contest(item.id)
            self.stdout.write(
                f"{item.slug}: cấp {len(plan.issue)}, thu hồi {len(plan.revoke)}, "
                f"cấp lại {len(plan.reinstate)}"
            )
