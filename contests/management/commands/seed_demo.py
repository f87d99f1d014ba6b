"""python manage.py seed_demo: load the demo roster, people, question bank and contests.

Each app keeps its own demo data in `<app>/demo.py` with a `seed(stdout) -> None`
function that is safe to run again (get_or_create on natural keys). They run in
dependency order; a module that does not exist yet is skipped.
"""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_MODULES = (
    "accounts.demo",
    "quizzes.demo",
    "contests.demo",
    "videos.demo",
    "awards.demo",
    "live.demo",
)


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (đơn vị, người dùng, câu hỏi, cuộc thi). Chạy lại an toàn."

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            with transaction.atomic():
                module.seed(self.stdout)
