"""python manage.py regrade_round CONTEST ROUND [ROUND ...]: re-score and re-rank.

After a key correction (quizzes KeyChange) or a voided question, re-scores the
round's attempts, re-ranks and re-allocates prizes, records who ran it and prints
what changed, naming who gained or lost a prize. --pending regrades every closed
round of the contest with a key change or voided question since its ranking.
"""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from awards import selectors, services
from awards.models import Trigger
from contests.models import Contest


class Command(BaseCommand):
    help = "Chấm lại đợt thi sau khi sửa đáp án hoặc hủy câu hỏi; in các thay đổi."

    def add_arguments(self, parser):
        parser.add_argument("contest", help="Đường dẫn (slug) của cuộc thi.")
        parser.add_argument(
            "rounds", nargs="*", type=int, help="Số thứ tự các đợt thi."
        )
        parser.add_argument(
            "--pending",
            action="store_true",
            help="Mọi đợt đã đóng có đáp án sửa / câu hủy sau lần xếp hạng cuối.",
        )
        parser.add_argument("--by", help="Tên đăng nhập người yêu cầu chấm lại.")
        parser.add_argument("--note", default="", help="Ghi chú (lý do).")

    def handle(self, *args, contest, rounds, pending, by, note, **options):
        found = Contest.objects.filter(slug=contest).first()
        if found is None:
            raise CommandError(f"Không có cuộc thi có đường dẫn «{contest}».")
        user = None
        if by:
            user = User.objects.filter(username=by).first()
            if user is None:
                raise CommandError(f"Không có người dùng «{by}».")
        targets = list(found.rounds.filter(number__in=rounds).order_by("closes_at"))
        missing = sorted(set(rounds) - {r.number for r in targets})
        if missing:
            numbers = ", ".join(map(str, missing))
            raise CommandError(f"Cuộc thi «{contest}» không có đợt thi số {numbers}.")
        if pending:
            ids = selectors.rounds_needing_regrade(found.id)
            targets += [
                r
                for r in found.rounds.filter(id__in=ids).order_by("closes_at")
                if r not in targets
            ]
        if not targets:
            raise CommandError("Hãy nêu số thứ tự đợt thi, hoặc dùng --pending.")
        for round_ in targets:
            try:
                regrade = services.regrade_round(
                    round_.id, user=user, trigger=Trigger.COMMAND, note=note
                )
            except services.ResultsRefused as refused:
                raise CommandError(refused.message) from None
            for line in services.regrade_summary(regrade):
                self.stdout.write(line)
