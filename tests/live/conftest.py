"""A live game ready to play: the Đắk Lắk-style final with a small bank, four
players with known PINs, an organizer of the contest (the host), a helper (the
projector's laptop) and the question order normal, audience, normal, final."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.test import Client

from accounts import roles
from accounts.services import assign_role
from contests.models import ContestStaff
from live import services
from live.models import LiveGame, LivePrizeTier, QuestionKind
from quizzes.models import Question
from tests.factories import UnitFactory, UserFactory
from tests.factories.contests import ContestFactory, make_bank

PINS = {1: "111111", 2: "222222", 3: "333333", 4: "444444"}


@pytest.fixture(autouse=True)
def _fresh_channel_layer(settings):
    """A channel layer object of this test's own (its receive state belongs to
    the event loop that uses it) on emptied Redis keys: earlier tests' groups must
    not receive this test's messages."""
    settings.CHANNEL_LAYERS = {**settings.CHANNEL_LAYERS}  # resets the cached layer
    layer = get_channel_layer()
    if hasattr(layer, "flush"):
        # In a thread of its own: Playwright's sync API keeps an event loop
        # running in the main thread.
        worker = threading.Thread(target=async_to_sync(layer.flush))
        worker.start()
        worker.join()


@pytest.fixture
def live_contest(db):
    return ContestFactory(
        slug="dak-lak-truc-tiep",
        title="Cuộc thi trực tuyến tìm hiểu về Đề án 06 trên địa bàn tỉnh Đắk Lắk",
    )


@pytest.fixture
def host_user(live_contest):
    user = UserFactory(username="nguoidan", full_name="Người dẫn chương trình")
    assign_role(user, roles.ORGANIZER)
    ContestStaff.objects.create(
        contest=live_contest, user=user, role=ContestStaff.Role.ORGANIZER
    )
    return user


@pytest.fixture
def helper_user(live_contest):
    user = UserFactory(username="kythuat")
    ContestStaff.objects.create(
        contest=live_contest, user=user, role=ContestStaff.Role.HELPER
    )
    return user


@pytest.fixture
def game(live_contest, host_user):
    """Keys by bank order: question i has its key at position i % 4 (A, B, C, D)."""
    bank = make_bank(8)
    questions = list(Question.objects.filter(bank=bank).order_by("id"))
    game = LiveGame.objects.create(
        contest=live_contest, title="Chung kết Rung chuông vàng", grace_ms=300
    )
    services.add_questions(game, [questions[0]])
    services.add_questions(game, [questions[1]], kind=QuestionKind.AUDIENCE)
    services.add_questions(game, [questions[2]])
    services.add_questions(game, [questions[3]], kind=QuestionKind.FINAL)
    services.add_questions(game, questions[4:])
    cluster = UnitFactory(code="CUM1", name="Cụm thi đua số 1", kind="upper")
    for number, pin in PINS.items():
        services.register_player(
            game,
            number=number,
            full_name=f"Thí sinh số {number}",
            unit=cluster,
            pin=pin,
        )
    for index, (name, count, amount) in enumerate(
        [("Giải Nhất", 1, 1_800_000), ("Giải Nhì", 1, 1_800_000), ("Giải Ba", 1, 0)]
    ):
        LivePrizeTier.objects.create(
            game=game, tier_index=index, name=name, count=count, amount_vnd=amount
        )
    return game


def player_cookie(game, number: int, pin: str | None = None) -> str:
    client = Client()
    response = client.post(
        f"/truc-tiep/{game.id}/", {"number": number, "pin": pin or PINS[number]}
    )
    assert response.status_code == 302, response.content.decode()
    return client.cookies["sessionid"].value


def staff_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def audience_cookie(game) -> str:
    client = Client()
    assert client.get(f"/truc-tiep/{game.id}/khan-gia/").status_code == 200
    return client.cookies["sessionid"].value


WS_PATHS = {
    "player": "thi-sinh",
    "audience": "khan-gia",
    "stage": "man-hinh",
    "host": "dieu-khien",
}


async def connect(game_id: int, role: str, cookie: str):
    """A socket as a browser opens it; returns it with the first message."""
    from config.asgi import application

    communicator = WebsocketCommunicator(
        application,
        f"/ws/truc-tiep/{game_id}/{WS_PATHS[role]}/",
        headers=[
            (b"origin", b"http://localhost"),
            (b"cookie", f"sessionid={cookie}".encode()),
        ],
    )
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    first = await communicator.receive_json_from(timeout=5)
    return communicator, first


async def until(communicator, predicate, timeout: float = 5.0) -> dict:
    """Read messages until one satisfies predicate (skipping older states)."""
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if predicate(message):
            return message


def run_state(state: str, number: int | None = None):
    """A state message of the current question in `state` (of question `number`)."""
    return lambda m: (
        m.get("type") == "state"
        and m.get("run")
        and m["run"]["state"] == state
        and number in (None, m["run"]["number"])
    )


sync = database_sync_to_async


def play(scenario) -> None:
    """Run an async scenario to the end in a thread of its own (a browser test's
    event loop may be running in the main thread), re-raising its failure."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(async_to_sync(scenario)).result()


def dumps(message) -> str:
    return json.dumps(message, ensure_ascii=False)
