"""A whole game through Channels' test communicator, on real Postgres and Redis:
join, answer, late answer refused, elimination, audience, rescue, a restart
mid-question that resumes, a second device taking over, key correction."""

import asyncio
import datetime
import json

import pytest
from django.utils import timezone

from awards.models import Award
from live import messages as msg
from live import services
from live.models import LiveAnswer, LiveEvent, LivePlayer, QuestionRun, RunState
from tests.live.conftest import (
    audience_cookie,
    connect,
    dumps,
    play,
    player_cookie,
    run_state,
    staff_cookie,
    sync,
    until,
)

pytestmark = pytest.mark.django_db(transaction=True)


def expire_deadline(game_id: int) -> None:
    """Time passes: the open question's deadline and grace are behind us."""
    past = timezone.now() - datetime.timedelta(seconds=5)
    QuestionRun.objects.filter(game_id=game_id, state=RunState.OPEN).update(
        deadline=past
    )


def standing(game_id: int) -> set[int]:
    return set(
        LivePlayer.objects.filter(game_id=game_id, is_in=True).values_list(
            "number", flat=True
        )
    )


async def answer(communicator, run_id: int, choice: int) -> dict:
    await communicator.send_json_to(
        {"action": "answer", "run": run_id, "choice": choice}
    )
    return await until(communicator, lambda m: m["type"] in ("ack", "error"))


def test_a_whole_game_over_websockets(game, host_user, helper_user):
    cookies = {n: player_cookie(game, n) for n in (1, 2, 3, 4)}
    stage_cookie = staff_cookie(helper_user)
    host_cookie = staff_cookie(host_user)
    fan_cookie = audience_cookie(game)

    async def scenario():
        players = {}
        for number, cookie in cookies.items():
            players[number], first = await connect(game.id, "player", cookie)
            assert first["type"] == "state"
            assert first["run"] is None
            assert first["me"]["number"] == number
        stage, _ = await connect(game.id, "stage", stage_cookie)
        host, first_host = await connect(game.id, "host", host_cookie)
        assert [p["number"] for p in first_host["players"]] == [1, 2, 3, 4]
        fan, _ = await connect(game.id, "audience", fan_cookie)

        # Question 1 (key A) is shown: the stage reads it, phones show nothing.
        await sync(services.next_question)(game.id, actor=host_user)
        shown = await until(stage, run_state("shown"))
        assert shown["run"]["text"].startswith("Câu hỏi số 1")
        phone = await until(players[1], run_state("shown"))
        assert phone["run"]["text"] is None
        assert phone["run"]["choices"] == []
        early = await answer(players[1], shown["run"]["id"], 0)
        assert early == {**early, "type": "error", "message": msg.NOT_OPEN_YET}

        await sync(services.open_question)(game.id, actor=host_user)
        opened = await until(players[1], run_state("open"))
        run_id = opened["run"]["id"]
        assert len(opened["run"]["choices"]) == 4
        assert opened["run"]["key"] is None
        assert opened["me"]["may_answer"] is True

        ack = await answer(players[1], run_id, 0)
        assert (ack["type"], ack["choice"]) == ("ack", "A")
        assert (await answer(players[2], run_id, 1))["choice"] == "B"
        assert (await answer(players[3], run_id, 0))["type"] == "ack"
        # A resent answer is acknowledged again; a changed one is refused.
        assert (await answer(players[3], run_id, 0))["type"] == "ack"
        changed = await answer(players[3], run_id, 2)
        assert changed["message"] == msg.ALREADY_ANSWERED.format(letter="A")
        count = await until(host, lambda m: m["type"] == "count" and m["answered"] == 3)
        assert count["run"] == run_id

        # Player 4 is too late: deadline plus grace have passed.
        await sync(expire_deadline)(game.id)
        late = await answer(players[4], run_id, 0)
        assert late["message"] == msg.TOO_LATE
        # The late answer's read locked the question for everyone, host or not.
        await until(stage, run_state("locked"))

        await sync(services.reveal)(game.id, actor=host_user)
        revealed = {
            n: await until(c, run_state("revealed")) for n, c in players.items()
        }
        assert revealed[1]["run"]["key"] == "A"
        assert revealed[1]["me"] == {
            **revealed[1]["me"],
            "is_in": True,
            "correct": True,
        }
        assert revealed[2]["me"]["is_in"] is False
        assert revealed[4]["me"]["is_in"] is False
        assert revealed[4]["me"]["answer"] is None
        on_stage = await until(stage, run_state("revealed"))
        assert on_stage["game"]["standing"] == 2
        assert on_stage["run"]["eliminated"] == 2
        assert on_stage["run"]["distribution"] == [2, 1, 0, 0]
        assert await sync(standing)(game.id) == {1, 3}

        # Question 2 is for the audience: they answer, players cannot, nobody leaves.
        await sync(services.next_question)(game.id, actor=host_user)
        await sync(services.open_question)(game.id, actor=host_user)
        audience_open = await until(fan, run_state("open", 2))
        q2 = audience_open["run"]["id"]
        fan_ack = await answer(fan, q2, 1)
        assert fan_ack.get("choice") == "B", fan_ack
        assert (await answer(players[1], q2, 1))["message"] == msg.AUDIENCE_ONLY
        await sync(services.lock_now)(game.id, actor=host_user)
        await sync(expire_deadline)(game.id)
        QuestionRun.objects.filter(pk=q2).update(
            deadline=timezone.now() - datetime.timedelta(seconds=5)
        )
        await sync(services.reveal)(game.id, actor=host_user)
        after_audience = await until(fan, run_state("revealed", 2))
        assert after_audience["run"]["audience_distribution"] == [0, 1, 0, 0]
        assert after_audience["me"]["answer"] == "B"
        assert await sync(standing)(game.id) == {1, 3}

        # Few remain: the host calls a rescue on question 3 (key C).
        await sync(services.next_question)(game.id, actor=host_user)
        await sync(services.call_rescue)(game.id, actor=host_user)
        await sync(services.open_question)(game.id, actor=host_user)
        rescue = await until(players[2], run_state("open", 3))
        assert rescue["run"]["kind"] == "rescue"
        assert rescue["me"]["may_answer"]
        q3 = rescue["run"]["id"]
        assert (await answer(players[2], q3, 2))["type"] == "ack"
        assert (await answer(players[4], q3, 0))["type"] == "ack"
        assert (await answer(players[1], q3, 2))["message"] == msg.RESCUE_ONLY_OUT
        await sync(expire_deadline)(game.id)
        await sync(services.reveal)(game.id, actor=host_user)
        back = await until(players[2], run_state("revealed", 3))
        assert back["me"]["is_in"] is True
        assert back["me"]["correct"] is True
        assert await sync(standing)(game.id) == {1, 2, 3}

        # The final question (key D) opens; player 1 answers; then the server
        # restarts: every socket drops.
        await sync(services.next_question)(game.id, actor=host_user)
        await sync(services.open_question)(game.id, actor=host_user)
        final = await until(players[1], run_state("open", 4))
        q4 = final["run"]["id"]
        assert (await answer(players[1], q4, 3))["choice"] == "D"
        for communicator in [*players.values(), stage, host, fan]:
            await communicator.disconnect()

        # Back up: the same phones reconnect to the same state.
        p1, resumed = await connect(game.id, "player", cookies[1])
        assert resumed["run"]["id"] == q4
        assert resumed["run"]["state"] == "open"
        assert resumed["me"]["answer"] == "D"
        assert resumed["me"]["may_answer"] is False
        p3, resumed3 = await connect(game.id, "player", cookies[3])
        assert resumed3["me"]["may_answer"] is True
        assert resumed3["run"]["deadline"] == final["run"]["deadline"]
        assert (await answer(p3, q4, 0))["type"] == "ack"
        await p3.disconnect()
        # The deadline passes while player 2's phone is off; at reconnection the
        # question is locked, without any host.
        await sync(expire_deadline)(game.id)
        p2, resumed2 = await connect(game.id, "player", cookies[2])
        assert resumed2["run"]["state"] == "locked"
        assert (await answer(p2, q4, 3))["message"] == msg.TOO_LATE
        await sync(services.reveal)(game.id, actor=host_user)
        last = await until(p1, run_state("revealed", 4))
        assert last["game"]["standing"] == 1
        assert last["me"]["is_in"] is True

        # A second device signs in as player 1: the first is told and closed.
        await sync(player_cookie)(game, 1)
        taken = await until(p1, lambda m: m["type"] == "taken_over")
        assert taken["message"] == msg.TAKEN_OVER
        closed = await p1.receive_output(timeout=5)
        assert closed == {"type": "websocket.close", "code": 4001}
        # And the old session cannot come back.
        _old, refused = await connect(game.id, "player", cookies[1])
        assert refused == {"type": "signed_out", "message": msg.TAKEN_OVER}
        await p2.disconnect()

    play(scenario)

    assert LiveAnswer.objects.filter(run__game=game).count() == 7
    assert QuestionRun.objects.filter(game=game, state=RunState.REVEALED).count() == 4
    services.finish_game(game.id, actor=host_user)
    awards = list(
        Award.objects.filter(contest=game.contest, part=Award.Part.FINAL).order_by(
            "rank"
        )
    )
    numbers = dict(LivePlayer.objects.filter(game=game).values_list("id", "number"))
    # Player 1 stood to the end; 2 and 3 fell at the final; 4 fell at question 1.
    assert [(a.rank, a.tier_name) for a in awards] == [
        (1, "Giải Nhất"),
        (2, "Giải Nhì"),
        (3, "Giải Ba"),
    ]
    assert numbers[awards[0].source_id] == 1
    assert {numbers[a.source_id] for a in awards[1:]} == {2, 3}
    assert LivePlayer.objects.get(game=game, number=4).final_rank == 4
    assert awards[0].amount_vnd == 1_800_000
    assert awards[0].winner_unit.name == "Cụm thi đua số 1"
    assert (
        LiveEvent.objects.filter(game=game, kind=LiveEvent.Kind.TAKEOVER).count() == 1
    )
    # Finishing again rewrites the same awards.
    services.finish_game(game.id, actor=host_user)
    assert (
        Award.objects.filter(contest=game.contest, part=Award.Part.FINAL).count() == 3
    )


def test_no_payload_carries_the_key_or_another_players_data_before_reveal(
    game, host_user, helper_user
):
    cookies = {n: player_cookie(game, n) for n in (1, 2)}
    seen: dict[str, list[str]] = {"player": [], "stage": [], "audience": [], "host": []}

    async def scenario():
        p1, first = await connect(game.id, "player", cookies[1])
        stage, s_first = await connect(game.id, "stage", staff_cookie(helper_user))
        fan, f_first = await connect(game.id, "audience", audience_cookie(game))
        host, h_first = await connect(game.id, "host", staff_cookie(host_user))
        seen["player"].append(dumps(first))
        seen["stage"].append(dumps(s_first))
        seen["audience"].append(dumps(f_first))
        seen["host"].append(dumps(h_first))
        await sync(services.next_question)(game.id, actor=host_user)
        await sync(services.open_question)(game.id, actor=host_user)
        opened = await until(p1, run_state("open"))
        p2, _ = await connect(game.id, "player", cookies[2])
        await answer(p2, opened["run"]["id"], 1)
        seen["player"].append(dumps(opened))
        seen["stage"].append(dumps(await until(stage, run_state("open"))))
        seen["audience"].append(dumps(await until(fan, run_state("open"))))
        seen["host"].append(dumps(await until(host, run_state("open"))))
        await sync(expire_deadline)(game.id)
        await p1.send_json_to({"action": "sync"})
        locked = await until(p1, run_state("locked"))
        seen["player"].append(dumps(locked))
        for c in (p1, p2, stage, fan, host):
            await c.disconnect()

    play(scenario)
    correct_text = "Phương án 1 của câu 1"  # question 1's key is A
    for role, texts in seen.items():
        for text in texts:
            message = json.loads(text)
            assert message["run"] is None or message["run"]["key"] is None, role
            assert "is_correct" not in text
            assert "correct_position" not in text
            assert "111111" not in text
            assert "222222" not in text
            assert "pin" not in text
    # The choices' texts are shown once open, the key is not marked among them.
    assert correct_text in seen["player"][1]
    for text in seen["player"]:
        assert "Thí sinh số 2" not in text
    for text in seen["stage"] + seen["audience"]:
        assert "Thí sinh số" not in text


def test_correcting_the_key_undoes_and_recomputes_eliminations(game, host_user):
    ids = dict(LivePlayer.objects.filter(game=game).values_list("number", "id"))
    services.next_question(game.id, actor=host_user)
    run = services.open_question(game.id, actor=host_user)
    now = timezone.now()
    for number, choice in {1: 0, 2: 1, 3: 1, 4: 0}.items():
        services.submit_answer(
            player_id=ids[number], run_id=run.id, position=choice, received_at=now
        )
    expire_deadline(game.id)
    services.reveal(game.id, actor=host_user)
    assert standing(game.id) == {1, 4}

    # On air: the key was B, not A.
    services.correct_key(game.id, position=1, reason="Đáp án in nhầm", actor=host_user)
    assert standing(game.id) == {2, 3}
    run.refresh_from_db()
    assert (run.key_position, run.eliminated_count) == (1, 2)
    assert LiveEvent.objects.filter(run=run, undone=True).count() == 2
    audit = LiveEvent.objects.get(kind=LiveEvent.Kind.KEY_CORRECTED)
    assert audit.detail == "A → B: Đáp án in nhầm"
    assert audit.actor == host_user

    # Still possible once the next question is on the stage, not once it opened.
    services.next_question(game.id, actor=host_user)
    services.correct_key(game.id, position=0, reason="Xác nhận lại", actor=host_user)
    assert standing(game.id) == {1, 4}
    services.open_question(game.id, actor=host_user)
    with pytest.raises(services.LiveError, match=msg.NOTHING_TO_CORRECT):
        services.correct_key(game.id, position=1, reason="Muộn", actor=host_user)


def test_a_reveal_waits_for_the_grace_and_happens_once(game, host_user):
    services.next_question(game.id, actor=host_user)
    services.open_question(game.id, actor=host_user)
    services.lock_now(game.id, actor=host_user)
    with pytest.raises(services.TooEarly):
        services.reveal(game.id, actor=host_user)
    expire_deadline(game.id)
    QuestionRun.objects.filter(game=game).update(
        deadline=timezone.now() - datetime.timedelta(seconds=5)
    )
    services.reveal(game.id, actor=host_user)
    out_after_first = standing(game.id)
    with pytest.raises(services.LiveError, match=msg.ALREADY_REVEALED):
        services.reveal(game.id, actor=host_user)
    assert standing(game.id) == out_after_first
    # Everyone missed question 1: nobody is eliminated (the game needs a winner).
    assert out_after_first == {1, 2, 3, 4}
    assert (
        LiveEvent.objects.filter(game=game, kind=LiveEvent.Kind.ELIMINATED).count() == 0
    )


def test_the_celery_lock_task_locks_an_open_question_past_its_deadline(game, host_user):
    from live.tasks import lock_if_due

    services.next_question(game.id, actor=host_user)
    services.open_question(game.id, actor=host_user)
    assert lock_if_due(game.id) is False
    expire_deadline(game.id)
    assert lock_if_due(game.id) is True
    assert lock_if_due(game.id) is False
    assert QuestionRun.objects.get(game=game).state == RunState.LOCKED


def test_an_idle_socket_outlives_the_channel_layers_pop_timeout(
    game, host_user, helper_user
):
    """Between questions a socket may hear nothing for minutes: the layer's 5 s
    blocking pop must not end in a read timeout that closes it."""
    cookie = staff_cookie(helper_user)

    async def scenario():
        stage, _ = await connect(game.id, "stage", cookie)
        await asyncio.sleep(6.5)
        await sync(services.next_question)(game.id, actor=host_user)
        shown = await until(stage, run_state("shown", 1))
        assert shown["run"]["text"].startswith("Câu hỏi số 1")
        await stage.disconnect()

    play(scenario)


def test_an_answer_numbered_infinity_over_the_socket_is_refused(game, host_user):
    cookie = player_cookie(game, 1)

    async def scenario():
        await sync(services.next_question)(game.id, actor=host_user)
        run = await sync(services.open_question)(game.id, actor=host_user)
        phone, _ = await connect(game.id, "player", cookie)
        # JSON allows Infinity; int() of it raises OverflowError, not ValueError.
        await phone.send_to(
            text_data=f'{{"action": "answer", "run": {run.id}, "choice": Infinity}}'
        )
        refused = await until(phone, lambda m: m["type"] in ("ack", "error"))
        assert refused["message"] == msg.BAD_REQUEST
        ack = await answer(phone, run.id, 0)
        assert ack["type"] == "ack"
        await phone.disconnect()

    play(scenario)
