"""The pages over HTTP: who may host or see the stage, joining with SBD + PIN, the
polling fallback, answers by POST, PIN printing, the results page."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from live import messages as msg
from live import services
from live.models import LiveAnswer, LivePlayer, QuestionRun, RunState
from tests.factories import UserFactory
from tests.live.conftest import PINS


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def joined(game, number: int) -> Client:
    client = Client()
    response = client.post(
        f"/truc-tiep/{game.id}/", {"number": number, "pin": PINS[number]}
    )
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("page", ["dieu-khien/", "man-hinh/", "in-ma-pin/"])
def test_staff_pages_refuse_anonymous_and_contestants(game, page, contestant_a):
    assert Client().get(f"/truc-tiep/{game.id}/{page}").status_code == 302
    assert (
        logged_in(contestant_a).get(f"/truc-tiep/{game.id}/{page}").status_code == 403
    )


def test_only_the_contests_organizers_may_host(game, host_user, helper_user, organizer):
    assert (
        logged_in(host_user).get(f"/truc-tiep/{game.id}/dieu-khien/").status_code == 200
    )
    # A helper shows the stage but may not host; an organizer of another contest
    # (the global role alone) may do neither.
    helper = logged_in(helper_user)
    assert helper.get(f"/truc-tiep/{game.id}/man-hinh/").status_code == 200
    assert helper.get(f"/truc-tiep/{game.id}/dieu-khien/").status_code == 403
    assert helper.post(f"/truc-tiep/{game.id}/dieu-khien/next/").status_code == 403
    assert (
        logged_in(organizer).get(f"/truc-tiep/{game.id}/man-hinh/").status_code == 403
    )
    assert not QuestionRun.objects.filter(game=game).exists()


def test_an_organizer_taken_out_of_the_role_group_hosts_no_more(game, host_user):
    # contests.permissions: the contest's row and the role group's permission both.
    host_user.groups.clear()
    host_user = type(host_user).objects.get(pk=host_user.pk)  # no cached perms
    client = logged_in(host_user)
    assert client.get(f"/truc-tiep/{game.id}/dieu-khien/").status_code == 403
    assert client.post(f"/truc-tiep/{game.id}/dieu-khien/next/").status_code == 403
    assert not QuestionRun.objects.filter(game=game).exists()


def test_host_actions_answer_json_and_refuse_bad_order_with_a_message(game, host_user):
    client = logged_in(host_user)
    url = f"/truc-tiep/{game.id}/dieu-khien/"
    response = client.post(url + "reveal/")
    assert response.status_code == 400
    assert response.json() == {"error": msg.NO_QUESTION_YET}
    assert client.post(url + "next/").json() == {"ok": True}
    assert client.post(url + "next/").json() == {"error": msg.REVEAL_FIRST}
    assert client.post(url + "open/").json() == {"ok": True}
    too_early = client.post(url + "lock/")
    assert too_early.json() == {"ok": True}
    waiting = client.post(url + "reveal/")
    assert waiting.status_code == 409
    assert waiting.json()["wait_ms"] > 0
    assert client.post(url + "nonsense/").status_code == 404
    bad = client.post(url + "eliminate/", {"number": "abc", "reason": "x"})
    assert bad.status_code == 400
    assert bad.json()["error"] == msg.BAD_FIELD.format(field="number")
    no_reason = client.post(url + "eliminate/", {"number": 2, "reason": " "})
    assert no_reason.json()["error"] == msg.REASON_REQUIRED
    assert client.post(
        url + "eliminate/", {"number": 2, "reason": "Dùng tài liệu"}
    ).json() == {"ok": True}
    assert not LivePlayer.objects.get(game=game, number=2).is_in


def test_the_host_page_needs_csrf(game, host_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(host_user)
    assert client.post(f"/truc-tiep/{game.id}/dieu-khien/next/").status_code == 403


def test_join_with_a_wrong_pin_says_so_and_signs_in_nobody(game):
    client = Client()
    response = client.post(f"/truc-tiep/{game.id}/", {"number": 1, "pin": "000000"})
    assert response.status_code == 400
    assert msg.BAD_LOGIN in response.content.decode()
    assert client.get(f"/truc-tiep/{game.id}/thi/").status_code == 302
    not_a_number = client.post(f"/truc-tiep/{game.id}/", {"number": "một", "pin": "1"})
    assert not_a_number.status_code == 400
    assert "Số báo danh là một số" in not_a_number.content.decode()


def test_guessing_pins_is_rate_limited_per_candidate_number(game):
    client = Client()
    for _ in range(10):
        client.post(f"/truc-tiep/{game.id}/", {"number": 3, "pin": "000000"})
    response = client.post(f"/truc-tiep/{game.id}/", {"number": 3, "pin": PINS[3]})
    assert response.status_code == 429
    assert msg.TOO_MANY_TRIES in response.content.decode()


def test_a_second_device_takes_the_player_over(game):
    first = joined(game, 1)
    assert first.get(f"/truc-tiep/{game.id}/thi/").status_code == 200
    joined(game, 1)
    response = first.get(f"/truc-tiep/{game.id}/thi/")
    assert response.status_code == 302
    assert response["Location"].endswith("?ly-do=thiet-bi-khac")
    page = first.get(response["Location"]).content.decode()
    assert msg.TAKEN_OVER in page
    state = first.get(f"/truc-tiep/{game.id}/trang-thai/thi-sinh.json")
    assert state.status_code == 403
    assert state.json()["type"] == "taken_over"


def test_an_answer_numbered_infinity_answers_400(game, host_user):
    services.next_question(game.id, actor=host_user)
    run = services.open_question(game.id, actor=host_user)
    phone = joined(game, 1)
    url = f"/truc-tiep/{game.id}/tra-loi/"
    # JSON allows Infinity; int() of it raises OverflowError, not ValueError.
    body = f'{{"run": {run.id}, "choice": Infinity}}'
    bad = phone.post(url, body, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["message"] == msg.BAD_FIELD.format(field="choice")
    assert not LiveAnswer.objects.filter(run=run).exists()


def test_answer_by_post_is_idempotent_and_refused_after_the_deadline(game, host_user):
    services.next_question(game.id, actor=host_user)
    run = services.open_question(game.id, actor=host_user)
    phone = joined(game, 1)
    url = f"/truc-tiep/{game.id}/tra-loi/"
    first = phone.post(
        url, {"run": run.id, "choice": 2}, content_type="application/json"
    )
    assert first.json()["choice"] == "C"
    again = phone.post(
        url, {"run": run.id, "choice": 2}, content_type="application/json"
    )
    assert again.json()["type"] == "ack"
    assert LiveAnswer.objects.filter(run=run).count() == 1
    bad = phone.post(url, {"run": run.id, "choice": 9}, content_type="application/json")
    other = joined(game, 2)
    bad = other.post(url, {"run": run.id, "choice": 9}, content_type="application/json")
    assert (bad.status_code, bad.json()["message"]) == (400, msg.BAD_CHOICE)
    QuestionRun.objects.filter(pk=run.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=2)
    )
    late = other.post(
        url, {"run": run.id, "choice": 0}, content_type="application/json"
    )
    assert (late.status_code, late.json()["message"]) == (400, msg.TOO_LATE)
    assert QuestionRun.objects.get(pk=run.pk).state == RunState.LOCKED
    assert Client().post(url, {"run": run.id, "choice": 0}).status_code == 403


def test_polling_gives_each_role_its_own_payload(game, host_user, helper_user):
    services.next_question(game.id, actor=host_user)
    phone = joined(game, 1).get(f"/truc-tiep/{game.id}/trang-thai/thi-sinh.json").json()
    assert phone["run"]["text"] is None  # phones wait while the stage shows it
    assert phone["me"]["number"] == 1
    assert "players" not in phone
    stage = logged_in(helper_user).get(f"/truc-tiep/{game.id}/trang-thai/man-hinh.json")
    assert stage.json()["run"]["text"].startswith("Câu hỏi số 1")
    assert (
        logged_in(helper_user)
        .get(f"/truc-tiep/{game.id}/trang-thai/dieu-khien.json")
        .status_code
        == 403
    )
    host = logged_in(host_user).get(f"/truc-tiep/{game.id}/trang-thai/dieu-khien.json")
    assert len(host.json()["players"]) == 4
    assert (
        Client().get(f"/truc-tiep/{game.id}/trang-thai/man-hinh.json").status_code
        == 403
    )


def test_printing_pins_makes_new_ones_that_work_and_old_ones_that_do_not(
    game, host_user
):
    client = logged_in(host_user)
    assert client.get(f"/truc-tiep/{game.id}/in-ma-pin/").status_code == 200
    page = client.post(f"/truc-tiep/{game.id}/in-ma-pin/").content.decode()
    pins = re.findall(r'class="pin-cell">(\d{6})<', page)
    assert len(pins) == 4
    assert all(not p.pin_hash.startswith(pins[0]) for p in LivePlayer.objects.all())
    old = Client().post(f"/truc-tiep/{game.id}/", {"number": 1, "pin": PINS[1]})
    assert old.status_code == 400
    new = Client().post(f"/truc-tiep/{game.id}/", {"number": 1, "pin": pins[0]})
    assert new.status_code == 302


def test_results_are_public_only_after_the_game(game, host_user):
    url = f"/truc-tiep/{game.id}/ket-qua/"
    assert Client().get(url).status_code == 403
    services.next_question(game.id, actor=host_user)
    run = services.open_question(game.id, actor=host_user)
    ids = dict(LivePlayer.objects.filter(game=game).values_list("number", "id"))
    services.submit_answer(
        player_id=ids[2], run_id=run.id, position=0, received_at=timezone.now()
    )
    QuestionRun.objects.filter(pk=run.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=2)
    )
    services.reveal(game.id, actor=host_user)
    services.finish_game(game.id, actor=host_user)
    page = Client().get(url).content.decode()
    assert "Trụ lại đến cuối" in page
    assert "Bị loại ở câu 1" in page
    assert "Giải Nhất" in page
    assert PINS[1] not in page


def test_audience_joins_without_a_pin(game):
    client = Client()
    assert client.get(f"/truc-tiep/{game.id}/khan-gia/").status_code == 200
    state = client.get(f"/truc-tiep/{game.id}/trang-thai/khan-gia.json").json()
    assert state["role"] == "audience"
    assert "me" in state


def test_a_player_needs_a_unit_or_an_account(game):
    with pytest.raises(services.LiveError, match="cần có đơn vị"):
        services.register_player(game, number=99, full_name="Không đơn vị")
    user = UserFactory()
    player, pin = services.register_player(
        game, number=99, full_name="Có tài khoản", user=user
    )
    assert len(pin) == 6
    assert pin not in player.pin_hash


def test_the_host_reorders_questions_not_played_yet(game, host_user):
    client = logged_in(host_user)
    url = f"/truc-tiep/{game.id}/"
    pending = client.get(url + "trang-thai/dieu-khien.json").json()["pending"]
    last = pending[-1]
    moved = client.post(url + "dieu-khien/move/", {"question": last["id"], "order": 1})
    assert moved.json() == {"ok": True}
    pending = client.get(url + "trang-thai/dieu-khien.json").json()["pending"]
    assert pending[0]["id"] == last["id"]
    run = services.next_question(game.id, actor=host_user)
    assert run.live_question_id == last["id"]
    played = client.post(url + "dieu-khien/move/", {"question": last["id"], "order": 3})
    assert played.json() == {"error": msg.QUESTION_ALREADY_PLAYED}
    other_game = client.post(url + "dieu-khien/move/", {"question": 999999, "order": 1})
    assert other_game.status_code == 404


def test_moving_a_question_named_by_text_answers_400(game, host_user):
    client = logged_in(host_user)
    url = f"/truc-tiep/{game.id}/dieu-khien/move/"
    bad = client.post(url, {"question": "câu 3", "order": 1})
    assert bad.status_code == 400
    assert bad.json() == {"error": msg.BAD_FIELD.format(field="question")}


def test_polling_shows_a_transition_at_once_and_reads_the_cache_otherwise(
    game, host_user, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    phone = joined(game, 1)
    url = f"/truc-tiep/{game.id}/trang-thai/thi-sinh.json"
    with django_capture_on_commit_callbacks(execute=True):
        services.next_question(game.id, actor=host_user)
    assert phone.get(url).json()["run"]["state"] == "shown"
    # The broadcast after the commit refreshes what polls read.
    with django_capture_on_commit_callbacks(execute=True):
        services.open_question(game.id, actor=host_user)
    opened = phone.get(url).json()
    assert opened["run"]["state"] == "open"
    assert opened["me"]["may_answer"] is True
    # A poll between transitions: the session, the game, the player and their
    # answer; the shared part comes from the cache.
    with django_assert_max_num_queries(6):
        again = phone.get(url).json()
    assert again["run"] == opened["run"]


def test_a_script_without_cookies_cannot_fill_the_audience(game, monkeypatch):
    from live import views
    from live.models import AudienceMember

    monkeypatch.setattr(views, "AUDIENCE_JOIN_RATE", "3/10m")
    url = f"/truc-tiep/{game.id}/khan-gia/"
    statuses = [Client().get(url).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert AudienceMember.objects.filter(game=game).count() == 3
    page = Client().get(url).content.decode()
    assert "Quá nhiều người vào xem" in page
    returning = Client()
    monkeypatch.setattr(views, "AUDIENCE_JOIN_RATE", "300/10m")
    returning.get(url)
    monkeypatch.setattr(views, "AUDIENCE_JOIN_RATE", "0/10m")
    # A member already in the session keeps watching whatever the limit.
    assert returning.get(url).status_code == 200
