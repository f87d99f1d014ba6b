"""The live final's prizes get certificates when the host ends the game, in the
players' own names (players need no account), and keep them when it is ended
again."""

from certificates.models import Certificate
from live import services

from .test_awards import play_one_question


def test_ending_the_game_issues_a_certificate_per_prize_in_the_players_names(
    game, host_user, django_capture_on_commit_callbacks
):
    play_one_question(game, host_user, {1: 0, 2: 0, 3: 1})
    with django_capture_on_commit_callbacks(execute=True):
        services.finish_game(game.id, actor=host_user)

    certificates = Certificate.objects.filter(contest=game.contest).order_by(
        "tier_index"
    )
    assert [(c.tier_name, c.unit_name, c.is_valid) for c in certificates] == [
        ("Giải Nhất", "Cụm thi đua số 1", True),
        ("Giải Nhì", "Cụm thi đua số 1", True),
        ("Giải Ba", "Cụm thi đua số 1", True),
    ]
    assert {c.winner_name for c in certificates[:2]} == {
        "Thí sinh số 1",
        "Thí sinh số 2",
    }
    assert certificates[2].winner_name == "Thí sinh số 4"
    assert all(c.is_individual for c in certificates)
    assert {c.scope for c in certificates} == {
        "Giải chung kết — Chung kết Rung chuông vàng"
    }
    codes = {c.code for c in certificates}

    with django_capture_on_commit_callbacks(execute=True):
        services.finish_game(game.id, actor=host_user)

    assert {c.code for c in Certificate.objects.filter(status="valid")} == codes
