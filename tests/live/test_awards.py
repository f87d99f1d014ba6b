"""The game's outcome becomes the contest's award records and appears in the
contest's Excel award list."""

import datetime

from django.utils import timezone
from openpyxl import load_workbook

from awards import exports
from awards.models import Award
from live import services
from live.models import LivePlayer, QuestionRun
from tests.awards.test_exports import sheet_rows, table


def play_one_question(game, host, answers: dict[int, int]) -> None:
    ids = dict(LivePlayer.objects.filter(game=game).values_list("number", "id"))
    services.next_question(game.id, actor=host)
    run = services.open_question(game.id, actor=host)
    for number, choice in answers.items():
        services.submit_answer(
            player_id=ids[number],
            run_id=run.id,
            position=choice,
            received_at=timezone.now(),
        )
    QuestionRun.objects.filter(pk=run.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=5)
    )
    services.reveal(game.id, actor=host)


def test_finishing_writes_final_awards_and_the_contest_list_has_their_sheet(
    game, host_user, tmp_path
):
    play_one_question(game, host_user, {1: 0, 2: 0, 3: 1})  # key A: 3 and 4 out
    services.finish_game(game.id, actor=host_user)
    awards = Award.objects.filter(contest=game.contest, part=Award.Part.FINAL)
    assert awards.count() == 3
    path = tmp_path / "giai.xlsx"
    rows = exports.write_contest_awards(game.contest, str(path), personal=False)
    assert rows == 3
    assert "Chung kết trực tiếp" in load_workbook(path).sheetnames
    header, body, total = table(sheet_rows(path, "Chung kết trực tiếp"))
    assert header[:6] == [
        "STT",
        "Trận thi",
        "Số báo danh",
        "Họ và tên",
        "Đơn vị",
        "Kết quả",
    ]
    assert [r[5] for r in body] == [
        "Trụ lại đến cuối",
        "Trụ lại đến cuối",
        "Bị loại ở câu 1",
    ]
    assert {r[2] for r in body[:2]} == {1, 2}
    assert [r[8] for r in body] == ["Giải Nhất", "Giải Nhì", "Giải Ba"]
    assert total[-1] == 3_600_000
    _, summary, grand = table(sheet_rows(path, "Tổng hợp"))
    assert [r[1] for r in summary] == ["Giải chung kết"]
    assert grand[-1] == 3_600_000
    # The personal-award sheet does not list them twice.
    _, people, _ = table(sheet_rows(path, "Giải cá nhân"))
    assert people == []


def test_finishing_reads_no_row_per_prize(
    game, host_user, django_assert_max_num_queries
):
    play_one_question(game, host_user, {1: 0, 2: 0, 3: 1})
    with django_assert_max_num_queries(12):
        awards = services.finish_game(game.id, actor=host_user)
    assert len(awards) == 3
