"""One Chromium plays the host, the stage and three players against a real daphne
process (websockets through Redis, data in the test database)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from playwright.sync_api import expect

from tests.live.conftest import PINS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def asgi_server(transactional_db, tmp_path):
    """daphne, as docker-compose runs it, on the test database."""
    db = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CONN_MAX_AGE": "0",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the server runs as in production
    log_path = tmp_path / f"daphne-{port}.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("daphne")),
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "config.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)  # noqa: S310
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError(log_path.read_text()) from None
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)
    log.close()


def staff_context(browser, url, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="vi-VN")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}]
    )
    return context


def test_host_stage_and_three_players_in_one_chromium(
    asgi_server, browser, game, host_user, helper_user
):
    url = asgi_server
    errors: list[str] = []
    host = staff_context(browser, url, host_user).new_page()
    stage = staff_context(browser, url, helper_user).new_page()
    host.goto(f"{url}/truc-tiep/{game.id}/dieu-khien/")
    stage.goto(f"{url}/truc-tiep/{game.id}/man-hinh/")
    phones = {}
    for number in (1, 2, 3):
        phone = browser.new_context(locale="vi-VN").new_page()
        phone.on("pageerror", lambda e: errors.append(str(e)))
        phone.goto(f"{url}/truc-tiep/{game.id}/")
        phone.get_by_label("Số báo danh").fill(str(number))
        phone.get_by_label("Mã PIN").fill(PINS[number])
        phone.get_by_role("button", name="Vào thi").click()
        expect(phone.locator("#question")).to_have_text("Chờ câu hỏi đầu tiên…")
        expect(phone.locator("#conn")).to_have_text("Đã kết nối")
        phones[number] = phone
    expect(host.locator("#conn")).to_have_text("Đã kết nối")
    expect(host.locator("#players .host-player")).to_have_count(4)

    host.get_by_role("button", name="Câu tiếp theo").click()
    expect(stage.locator("#question")).to_contain_text("Câu hỏi số 1")
    expect(phones[1].locator("#question")).to_have_text("Câu 1: hãy nhìn lên màn hình…")
    expect(phones[1].locator("#choices button")).to_have_count(0)

    host.get_by_role("button", name="Mở trả lời").click()
    for number, letter in ((1, "A"), (2, "B"), (3, "A")):
        phones[number].locator("#choices button", has_text=f"{letter}. ").click()
        expect(phones[number].locator("#chosen")).to_have_text(f"Bạn đã chọn {letter}")
    expect(stage.locator("#answered")).to_have_text("Đã trả lời: 3")
    expect(host.locator("#players .answered")).to_have_count(3)
    expect(stage.locator("#countdown")).not_to_have_text("")

    host.get_by_role("button", name="Khóa ngay").click()
    expect(stage.locator("#reveal")).to_have_text("Hết giờ!")
    # The reveal waits out the grace; the host page retries by itself.
    host.get_by_role("button", name="Công bố đáp án").click()
    expect(stage.locator("#reveal")).to_contain_text("Đáp án: A")
    expect(stage.locator("#standing")).to_have_text("2")
    expect(phones[2].locator("#status")).to_have_text("Bạn đã bị loại.")
    expect(phones[1].locator("#status")).to_have_text(
        "Chính xác! Bạn vẫn trong sàn thi."
    )

    # A refresh (or a dropped Wi-Fi) comes back to the same state.
    phones[1].reload()
    expect(phones[1].locator("#chosen")).to_have_text("Bạn đã chọn A — đáp án đúng: A")
    expect(phones[1].locator("#status")).to_have_text(
        "Chính xác! Bạn vẫn trong sàn thi."
    )
    assert errors == []
