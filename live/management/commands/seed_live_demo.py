"""python manage.py seed_live_demo [--players 100] [--reset]: the rehearsal game."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from live import demo, services


class Command(BaseCommand):
    help = (
        "Tạo trận thi Rung chuông vàng mẫu (cuộc thi Đắk Lắk 2023) với 100 thí sinh; "
        "mã PIN ghi ra var/live-demo-pins.txt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--players", type=int, default=demo.PLAYERS)
        parser.add_argument(
            "--reset", action="store_true", help="Xóa trận mẫu cũ, tạo lại với PIN mới."
        )

    def handle(self, *args, players, reset, **options):
        if not 1 <= players <= 1000:
            raise CommandError("--players phải từ 1 đến 1000.")
        try:
            with transaction.atomic():
                game, printed = demo.create_game(players=players, reset=reset)
        except services.LiveError as error:
            raise CommandError(str(error)) from None
        if printed:
            path = demo.write_pins(printed)
            self.stdout.write(f"Đã tạo {len(printed)} thí sinh; mã PIN: {path}")
        else:
            self.stdout.write("Trận mẫu đã có (dùng --reset để tạo lại với PIN mới).")
        self.stdout.write(f"Điều khiển: /truc-tiep/{game.id}/dieu-khien/")
