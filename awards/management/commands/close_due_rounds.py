"""python manage.py close_due_rounds: what the beat sweep does, by hand and at once.

Closes every round whose close time has passed (one line per round), then computes
the contest-wide results of contests whose rounds are all closed. Safe to run again:
closed rounds are reported as such and left unchanged.
"""

from django.core.management.base import BaseCommand, CommandError

from awards import selectors, services
from awards.models import Trigger
from contests.models import Contest


class Command(BaseCommand):
    help = (
        "Đóng các đợt thi đã hết giờ (xếp hạng, trao giải) và tính kết quả toàn "
        "cuộc thi khi mọi đợt đã đóng. Chạy lại an toàn."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--contest",
            metavar="SLUG",
            help="Chỉ xét cuộc thi này.",
        )
        parser.add_argument(
            "--contest-results",
            action="store_true",
            help="Tính (lại) kết quả toàn cuộc thi ngay cả khi còn đợt chưa đóng "
            "(cần --contest).",
        )

    def handle(self, *args, contest=None, contest_results=False, **options):
        only = None
        if contest:
            only = Contest.objects.filter(slug=contest).first()
            if only is None:
                raise CommandError(f"Không có cuộc thi có đường dẫn «{contest}».")
        elif contest_results:
            raise CommandError("--contest-results cần --contest SLUG.")
        round_ids = selectors.due_round_ids()
        if only is not None:
            round_ids = [
                rid
                for rid in round_ids
                if rid in set(only.rounds.values_list("id", flat=True))
            ]
        for round_id in round_ids:
            outcome = services.close_round(round_id, trigger=Trigger.COMMAND)
            self.stdout.write(outcome.message)
        contest_ids = selectors.due_contest_ids()
        if only is not None:
            contest_ids = [only.id] if contest_results or only.id in contest_ids else []
        for contest_id in contest_ids:
            outcome = services.close_contest(
                contest_id, trigger=Trigger.COMMAND, force=contest_results
            )
            self.stdout.write(outcome.message)
        if not round_ids and not contest_ids:
            self.stdout.write("Không có đợt thi nào cần đóng.")
