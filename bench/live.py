# ruff: noqa: S603
"""The live final (Rung chuông vàng) on this machine: one daphne process (as the
`live` service of docker-compose.yml, DEBUG=0, channels-redis), 150 players and
300 audience sockets (the `websockets` client, one asyncio process), a host
driving 10 questions through the same HTTP actions as the host page.

Measures, per question: the time from the host's reveal (the POST leaving) to
each socket's update, and the last socket's; each answer's acknowledgement
(sent → ack on the same socket) within the answer window; lost answers (sent
without an ack, or acked without a database row).

    .venv/bin/python -m bench.live [--players 150] [--audience 300] [--questions 10]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import http.client
import json
import random
import secrets
import statistics
import subprocess
import time
import urllib.parse

from bench import common, stack

REVEAL_TARGET_S = 1.0
ACK_TARGET_MS = 300.0
ANSWER_SECONDS = 10
ANSWER_SPREAD_S = (0.2, 3.0)  # when phones answer after the question opens
CORRECT_RATE = 0.97


def seed(players: int, questions: int) -> dict:
    """A contest, a bank, a game with `players` players (PIN = SBD on 6 digits)
    and an organizer whose session the host uses."""
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.cached_db import SessionStore

    from accounts import roles
    from accounts.models import Unit, User
    from bench import seed as bench_seed
    from contests.models import ContestStaff
    from live import services
    from live.models import LiveGame
    from quizzes.models import Question

    bank = bench_seed.seed_bank(questions)
    contest, _round, _ = bench_seed.seed_contest(
        bank, slug="bench-live", closes_in=-datetime.timedelta(minutes=5)
    )
    game = LiveGame.objects.create(
        contest=contest,
        title="Chung kết benchmark",
        answer_seconds=ANSWER_SECONDS,
        grace_ms=500,
    )
    services.add_questions(
        game, list(Question.objects.filter(bank=bank).order_by("id"))
    )
    unit = Unit.objects.create(
        code="BENCH-LIVE", name="Cụm thi đua (bench)", kind="other"
    )
    for number in range(1, players + 1):
        services.register_player(
            game,
            number=number,
            full_name=f"Thí sinh {number:03d}",
            unit=unit,
            pin=f"{number:06d}",
        )
    host = User.objects.create(username="bench-host", full_name="Người dẫn (bench)")
    # Hosting takes the organizers' role group and a row on this contest.
    host.groups.add(Group.objects.get_or_create(name=roles.ORGANIZER)[0])
    ContestStaff.objects.create(
        contest=contest, user=host, role=ContestStaff.Role.ORGANIZER
    )
    session = SessionStore()
    session["_auth_user_id"] = str(host.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = host.get_session_auth_hash()
    session.create()
    return {"game": game.id, "host_session": session.session_key}


class Http:
    """Plain HTTP/1.1 to the server, with a CSRF secret of our own (cookie and
    header/form carry the same unmasked secret, as a browser's would)."""

    def __init__(self, port: int):
        self.port = port
        self.csrf = secrets.token_hex(16)

    def request(self, method, path, *, session=None, form=None, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        cookies = f"csrftoken={self.csrf}" + (
            f"; sessionid={session}" if session else ""
        )
        headers = {"Cookie": cookies, "X-CSRFToken": self.csrf}
        payload = None
        if form is not None:
            payload = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": self.csrf})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            payload = json.dumps(body)
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie") or ""
        conn.close()
        sid = None
        for part in cookie.replace(",", ";").split(";"):
            part = part.strip()
            if part.startswith("sessionid="):
                sid = part.split("=", 1)[1]
        return response.status, data, sid


def pct(values, q):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q / 100 * len(values) + 0.5) - 1))]


async def drive(port: int, game_id: int, host_session: str, args) -> dict:
    import websockets

    web = Http(port)
    loop = asyncio.get_running_loop()
    sem = asyncio.Semaphore(8)

    async def join(number):
        async with sem:
            status, _, sid = await loop.run_in_executor(
                None,
                lambda: web.request(
                    "POST",
                    f"/truc-tiep/{game_id}/",
                    form={"number": number, "pin": f"{number:06d}"},
                ),
            )
        assert status == 302, (number, status)
        assert sid, number
        return sid

    async def audience_session():
        async with sem:
            status, _, sid = await loop.run_in_executor(
                None, lambda: web.request("GET", f"/truc-tiep/{game_id}/khan-gia/")
            )
        assert status == 200, status
        assert sid
        return sid

    started = time.perf_counter()
    player_sessions = await asyncio.gather(
        *(join(n) for n in range(1, args.players + 1))
    )
    audience_sessions = await asyncio.gather(
        *(audience_session() for _ in range(args.audience))
    )
    join_s = time.perf_counter() - started

    reveal_seen: dict[int, dict[int, float]] = {}  # run id -> socket -> time
    acks: list[float] = []
    errors: list[str] = []
    sent = {"n": 0}
    pending: dict[tuple[int, int], float] = {}
    sockets = []
    tasks: set[asyncio.Task] = set()  # kept referenced until the run ends

    async def reader(index, ws, is_player):
        async for raw in ws:
            message = json.loads(raw)
            kind = message.get("type")
            now = time.perf_counter()
            if kind == "state":
                run = message.get("run")
                if run and run["state"] == "revealed":
                    reveal_seen.setdefault(run["id"], {}).setdefault(index, now)
                if (
                    is_player
                    and run
                    and run["state"] == "open"
                    and message["me"]["may_answer"]
                    and (index, run["id"]) not in pending
                ):
                    pending[(index, run["id"])] = 0.0
                    tasks.add(asyncio.create_task(answer(index, ws, run["id"])))
            elif kind == "ack":
                acks.append((now - pending[(index, message["run"])]) * 1000)
            elif kind == "error":
                errors.append(message.get("message", ""))

    async def answer(index, ws, run_id):
        await asyncio.sleep(random.uniform(*ANSWER_SPREAD_S))
        choice = 0 if random.random() < CORRECT_RATE else random.randint(1, 3)
        pending[(index, run_id)] = time.perf_counter()
        sent["n"] += 1
        await ws.send(json.dumps({"action": "answer", "run": run_id, "choice": choice}))

    async def open_socket(index, sid, path, is_player):
        ws = await websockets.connect(
            f"ws://127.0.0.1:{port}/ws/truc-tiep/{game_id}/{path}/",
            additional_headers={
                "Cookie": f"sessionid={sid}",
                "Origin": f"http://127.0.0.1:{port}",
            },
            max_queue=None,
            open_timeout=30,
        )
        sockets.append(ws)
        tasks.add(asyncio.create_task(reader(index, ws, is_player)))

    started = time.perf_counter()
    for i, sid in enumerate(player_sessions):
        await open_socket(i, sid, "thi-sinh", True)
    for i, sid in enumerate(audience_sessions):
        await open_socket(len(player_sessions) + i, sid, "khan-gia", False)
    connect_s = time.perf_counter() - started
    total_sockets = len(sockets)

    async def host(action):
        while True:
            status, data, _ = await loop.run_in_executor(
                None,
                lambda: web.request(
                    "POST",
                    f"/truc-tiep/{game_id}/dieu-khien/{action}/",
                    session=host_session,
                ),
            )
            answer_ = json.loads(data)
            if status == 409 and "wait_ms" in answer_:
                await asyncio.sleep(answer_["wait_ms"] / 1000)
                continue
            assert status == 200, (action, status, answer_)
            return

    questions = []
    all_reveals: list[float] = []
    from live.models import QuestionRun

    for number in range(1, args.questions + 1):
        await host("next")
        await asyncio.sleep(0.5)
        sent_before, acks_before = sent["n"], len(acks)
        await host("open")
        await asyncio.sleep(ANSWER_SPREAD_S[1] + 0.3)
        wait_until = time.perf_counter() + 5
        while len(acks) + len(errors) < sent["n"] and time.perf_counter() < wait_until:
            await asyncio.sleep(0.05)
        await host("lock")
        await asyncio.sleep(0.55)  # the grace
        run_id = await loop.run_in_executor(
            None,
            lambda: (
                QuestionRun.objects.filter(game_id=game_id)
                .order_by("-number")
                .first()
                .id
            ),
        )
        t0 = time.perf_counter()
        await host("reveal")
        # The reveal's transaction and the payloads built and handed to Redis: the
        # rest of a phone's wait is the fan-out through the layer and the sockets.
        host_ms = (time.perf_counter() - t0) * 1000
        deadline = time.perf_counter() + 10
        while (
            len(reveal_seen.get(run_id, {})) < total_sockets
            and time.perf_counter() < deadline
        ):
            await asyncio.sleep(0.01)
        seen = reveal_seen.get(run_id, {})
        latencies = [t - t0 for t in seen.values()]
        all_reveals.extend(latencies)
        questions.append(
            {
                "question": number,
                "answers": sent["n"] - sent_before,
                "acks": len(acks) - acks_before,
                "updated": len(seen),
                "reveal_p50_ms": round(statistics.median(latencies) * 1000),
                "reveal_p95_ms": round(pct(latencies, 95) * 1000),
                "reveal_last_ms": round(max(latencies) * 1000),
                "host_response_ms": round(host_ms),
            }
        )
        print(questions[-1], flush=True)
        await asyncio.sleep(0.3)
    for ws in sockets:
        await ws.close()
    return {
        "join_s": round(join_s, 1),
        "connect_s": round(connect_s, 1),
        "sockets": total_sockets,
        "questions": questions,
        "answers_sent": sent["n"],
        "acks": len(acks),
        "answer_errors": errors[:5],
        "answer_error_count": len(errors),
        "reveal_all_p50_ms": round(pct(all_reveals, 50) * 1000),
        "reveal_all_p95_ms": round(pct(all_reveals, 95) * 1000),
        "ack_p50_ms": round(pct(acks, 50), 1) if acks else None,
        "ack_p95_ms": round(pct(acks, 95), 1) if acks else None,
        "ack_max_ms": round(max(acks), 1) if acks else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--players", type=int, default=150)
    parser.add_argument("--audience", type=int, default=300)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--name", default="live")
    args = parser.parse_args()
    url = common.fresh_database(f"{stack.BENCH_DB}_live")
    env = common.setup_django(url, CONN_MAX_AGE="60")
    import redis

    # Group memberships left by an earlier run (same game id in a fresh database)
    # would multiply the fan-out: drop the channel layer's keys only.
    client = redis.Redis.from_url(common.redis_url())
    for key in client.scan_iter("asgi*"):
        client.delete(key)
    seeded = seed(args.players, args.questions)
    stack.manage(env, "collectstatic", "--noinput", "-v0")
    port = stack.free_port()
    log = open(stack.ROOT / "var" / "bench-live-daphne.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            str(stack.VENV_BIN / "daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "config.asgi:application",
        ],
        cwd=stack.ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        stack.wait_port(port, timeout=30)
        result = asyncio.run(drive(port, seeded["game"], seeded["host_session"], args))
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()
    from live.models import LiveAnswer

    stored = LiveAnswer.objects.filter(run__game_id=seeded["game"]).count()
    lasts = [q["reveal_last_ms"] for q in result["questions"]]
    all_p95 = [q["reveal_p95_ms"] for q in result["questions"]]
    result.update(
        players=args.players,
        audience=args.audience,
        answers_stored=stored,
        # Sent and never answered (no ack, no refusal), or acknowledged and not
        # in the database.
        lost=(result["answers_sent"] - result["acks"] - result["answer_error_count"])
        + max(0, result["acks"] - stored),
        reveal_last_p95_ms=pct(lasts, 95),
        reveal_last_max_ms=max(lasts),
        reveal_socket_p95_ms=max(all_p95),
        reveal_target_ms=REVEAL_TARGET_S * 1000,
        ack_target_ms=ACK_TARGET_MS,
    )
    common.save(args.name, result)
    common.print_table(
        f"Live final: {args.players} players + {args.audience} audience sockets, "
        f"{args.questions} questions",
        [
            "question",
            "answers",
            "acks",
            "sockets updated",
            "reveal p50 ms",
            "reveal p95 ms",
            "last ms",
        ],
        [
            [
                q["question"],
                q["answers"],
                q["acks"],
                q["updated"],
                q["reveal_p50_ms"],
                q["reveal_p95_ms"],
                q["reveal_last_ms"],
            ]
            for q in result["questions"]
        ],
    )
    print(
        f"acks p50 {result['ack_p50_ms']} ms, p95 {result['ack_p95_ms']} ms, max "
        f"{result['ack_max_ms']} ms; sent {result['answers_sent']}, "
        f"acked {result['acks']}, stored {stored}, "
        f"refused {result['answer_error_count']}, lost {result['lost']}"
    )


if __name__ == "__main__":
    main()
