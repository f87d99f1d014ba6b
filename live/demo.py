"""Demo: the in-person final "Rung chuông vàng" of the Đắk Lắk 2023 contest (seed
003: "Thi trực tiếp … bằng hình thức Rung chuông vàng" for the agencies of the
province's emulation clusters, "Dự kiến 08 Giải" individual prizes).

The plan names neither the clusters nor the split of the 8 prizes nor their
money ("kèm theo tiền Giải"): the demo uses ten clusters numbered 1 to 10 with ten
fictitious contestants each, 1 Nhất, 1 Nhì, 1 Ba and 5 Khuyến khích, and no
amounts; organizers set the real ones in the admin. Questions: the demo bank.

Safe to run again: the game is created once; `reset=True` recreates it (new PINs).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from accounts.models import Unit, User
from contests.models import Contest, ContestStaff
from quizzes.models import Question

from . import services
from .models import LiveGame, LivePrizeTier, QuestionKind

CONTEST_SLUG = "dak-lak-2023"
GAME_TITLE = "Chung kết Rung chuông vàng — Cụm, Khối thi đua tỉnh Đắk Lắk 2023"
CLUSTERS = 10
PLAYERS = 100
TIERS = [("Giải Nhất", 1), ("Giải Nhì", 1), ("Giải Ba", 1), ("Giải Khuyến khích", 5)]
PIN_FILE = Path(settings.BASE_DIR) / "var" / "live-demo-pins.txt"


def _clusters() -> list[Unit]:
    parent, _ = Unit.objects.update_or_create(
        code="DL-CKTD",
        defaults={
            "name": "Các Cụm, Khối thi đua tỉnh Đắk Lắk năm 2023",
            "kind": Unit.Kind.OTHER,
        },
    )
    return [
        Unit.objects.update_or_create(
            code=f"DL-CUM{i:02d}",
            defaults={
                "name": f"Cụm thi đua số {i} (tỉnh Đắk Lắk)",
                "kind": Unit.Kind.AGENCY,
                "parent": parent,
            },
        )[0]
        for i in range(1, CLUSTERS + 1)
    ]


def create_game(
    *, players: int = PLAYERS, reset: bool = False
) -> tuple[LiveGame, list]:
    """The demo game with `players` players; returns it and the printed PIN list
    (empty when the game already existed and `reset` is off)."""
    contest = Contest.objects.filter(slug=CONTEST_SLUG).first()
    if contest is None:
        raise services.LiveError("Chưa có cuộc thi Đắk Lắk 2023: chạy seed_demo trước.")
    existing = LiveGame.objects.filter(contest=contest, title=GAME_TITLE).first()
    if existing is not None and not reset:
        return existing, []
    if existing is not None:
        existing.delete()
    game = LiveGame.objects.create(
        contest=contest, title=GAME_TITLE, answer_seconds=15, rescue_below=10
    )
    for index, (name, count) in enumerate(TIERS):
        LivePrizeTier.objects.create(
            game=game, tier_index=index, name=name, count=count
        )
    questions = list(
        Question.objects.filter(
            is_active=True, bank__name__startswith="Ngân hàng câu hỏi mẫu"
        )
        .order_by("id")
        .filter(choices__is_correct=True)
        .distinct()[:30]
    )
    if questions:
        services.add_questions(game, questions[:-3])
        services.add_questions(game, questions[-3:-2], kind=QuestionKind.AUDIENCE)
        services.add_questions(game, questions[-2:-1], kind=QuestionKind.RESCUE)
        services.add_questions(game, questions[-1:], kind=QuestionKind.FINAL)
    clusters = _clusters()
    printed = []
    for number in range(1, players + 1):
        player, pin = services.register_player(
            game,
            number=number,
            full_name=f"Thí sinh số {number:03d}",
            unit=clusters[(number - 1) % len(clusters)],
        )
        printed.append((player, pin))
    organizer = User.objects.filter(username="bantochuc").first()
    if organizer is not None:
        ContestStaff.objects.get_or_create(
            contest=contest, user=organizer, role=ContestStaff.Role.ORGANIZER
        )
    return game, printed


def write_pins(printed: list) -> Path:
    PIN_FILE.parent.mkdir(parents=True, exist_ok=True)
    PIN_FILE.write_text(
        "".join(f"{p.number:03d}\t{pin}\t{p.full_name}\n" for p, pin in printed),
        encoding="utf-8",
    )
    return PIN_FILE


def seed(stdout) -> None:
    try:
        game, printed = create_game()
    except services.LiveError as error:
        stdout.write(f"  Rung chuông vàng: {error}")
        return
    if printed:
        write_pins(printed)
    stdout.write(
        f"  Rung chuông vàng: /truc-tiep/{game.id}/ (thí sinh), "
        f"/truc-tiep/{game.id}/dieu-khien/ (bantochuc), "
        f"/truc-tiep/{game.id}/man-hinh/ (màn hình chiếu), "
        f"/truc-tiep/{game.id}/khan-gia/ (khán giả); mã PIN: {PIN_FILE}"
    )
