"""The rehearsal game: seed_live_demo creates the Đắk Lắk final with 100 players
and a PIN list that signs them in."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from live import demo
from live.models import LiveGame, LivePlayer
from tests.factories.contests import ContestFactory, make_bank


@pytest.fixture
def dak_lak(db, tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "PIN_FILE", tmp_path / "pins.txt")
    make_bank(12, name="Ngân hàng câu hỏi mẫu — Chuyển đổi số")
    return ContestFactory(slug=demo.CONTEST_SLUG)


def test_seed_live_demo_makes_a_game_of_100_players_with_working_pins(dak_lak, capsys):
    call_command("seed_live_demo")
    game = LiveGame.objects.get(contest=dak_lak)
    assert LivePlayer.objects.filter(game=game).count() == 100
    assert sum(t.count for t in game.prize_tiers.all()) == 8
    kinds = list(game.questions.order_by("order").values_list("kind", flat=True))
    assert kinds[-3:] == ["audience", "rescue", "final"]
    lines = demo.PIN_FILE.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 100
    number, pin, _ = lines[41].split("\t")
    response = Client().post(f"/truc-tiep/{game.id}/", {"number": number, "pin": pin})
    assert response.status_code == 302
    # Again: nothing changes; --reset makes new PINs.
    call_command("seed_live_demo")
    assert LiveGame.objects.filter(contest=dak_lak).count() == 1
    call_command("seed_live_demo", "--reset", "--players", "5")
    assert LivePlayer.objects.filter(game__contest=dak_lak).count() == 5


def test_seed_live_demo_explains_a_missing_contest(db):
    with pytest.raises(CommandError, match="Chưa có cuộc thi Đắk Lắk"):
        call_command("seed_live_demo")
