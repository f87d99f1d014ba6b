# ruff: noqa: S603, S607
"""The two-node run's clients (bench/nodes.py starts the processes): contestants,
a unit representative uploading a clip, an organizer, all through nginx, and the
database check that no acknowledged answer was lost."""

from __future__ import annotations

import random
import re
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg2
import requests

from bench.nodes import Cluster, cluster

CSRF_RE = re.compile(
    r'"X-CSRFToken": "([^"]+)"|name="csrfmiddlewaretoken" value="([^"]+)"'
)
ATTEMPT_RE = re.compile(r"/bai-thi/(\d+)/")
SAVED = "Đã lưu"
QUESTIONS = 20
RETRIES = 8
# Refusals a dying node or nginx's failover may answer with: try again.
TRANSIENT = {502, 503, 504}


def client(c: Cluster, session: str) -> requests.Session:
    http = requests.Session()
    http.cookies.set("sessionid", session, domain="127.0.0.1", path="/")
    return http


def token_of(page: requests.Response) -> str:
    match = CSRF_RE.search(page.text)
    if not match:
        raise AssertionError(f"no CSRF token in {page.url} ({page.status_code})")
    return match.group(1) or match.group(2)


def node_of(response: requests.Response) -> str:
    return response.headers.get("X-Portal-Node", "")


def send(http, method: str, url: str, **kwargs) -> requests.Response:
    """One request, tried again while the answer is a failover's (a node died
    with the request in flight: nothing was acknowledged, so resending is safe)."""
    for attempt in range(RETRIES):
        try:
            response = http.request(method, url, timeout=30, **kwargs)
        except requests.ConnectionError:
            response = None
        if response is not None and response.status_code not in TRANSIENT:
            return response
        time.sleep(0.2 * (attempt + 1))
    raise AssertionError(f"{method} {url}: no answer after {RETRIES} tries")


class Rush:
    """Contestants, each in a thread: start, answer 20 questions (reloading the
    page halfway), submit. Every save the client saw acknowledged is recorded."""

    def __init__(self, c: Cluster):
        self.c = c
        self.acks: dict[tuple[int, int], int] = {}
        self.nodes: Counter = Counter()
        self.saves_done = 0
        self.errors: list[str] = []
        self.submitted: list[int] = []
        self.killed_after = 0
        self.lock = threading.Lock()

    def contestant(self, session: str) -> None:
        try:
            self._attempt(client(self.c, session))
        except Exception as error:  # the report lists it; the run fails on it
            with self.lock:
                self.errors.append(repr(error))

    def _attempt(self, http) -> None:
        host, slug = self.c.host, self.c.data["contest"]
        page = send(http, "GET", f"{host}/cuoc-thi/{slug}/")
        start = send(
            http,
            "POST",
            f"{host}/cuoc-thi/{slug}/dot/{self.c.data['round']}/bat-dau/",
            data={"csrfmiddlewaretoken": token_of(page)},
            allow_redirects=False,
        )
        attempt = int(ATTEMPT_RE.search(start.headers.get("Location", "")).group(1))
        url = f"{host}/cuoc-thi/bai-thi/{attempt}/"
        token = token_of(send(http, "GET", url))
        for position in range(QUESTIONS):
            self._save(http, url, token, attempt, position)
            if position == QUESTIONS // 2:
                reloaded = send(http, "GET", url)
                assert reloaded.text.count(SAVED) >= position + 1, "reload lost"
        done = send(
            http,
            "POST",
            f"{url}nop-bai/",
            data={"csrfmiddlewaretoken": token, "prediction": "12", "confirm": "1"},
            headers={"X-CSRFToken": token},
            allow_redirects=False,
        )
        assert done.status_code == 302, f"submit answered {done.status_code}"
        with self.lock:
            self.submitted.append(attempt)

    def _save(self, http, url: str, token: str, attempt: int, position: int):
        choice = random.randint(0, 3)
        response = send(
            http,
            "POST",
            f"{url}tra-loi/",
            data={"position": position, f"q{position}": choice},
            headers={"X-CSRFToken": token, "HX-Request": "true"},
        )
        with self.lock:
            self.nodes[node_of(response)] += 1
            if response.status_code == 200 and SAVED in response.text:
                self.acks[(attempt, position)] = choice
            self.saves_done += 1
        time.sleep(random.uniform(0.02, 0.08))


def run_rush(c: Cluster, kill_fraction: float = 0.3) -> Rush:
    """Every contestant at once; node 0 is killed once ``kill_fraction`` of the
    saves are done."""
    rush = Rush(c)
    sessions = [session for _id, session in c.data["contestants"]]
    threads = [
        threading.Thread(target=rush.contestant, args=(s,), daemon=True)
        for s in sessions
    ]
    for thread in threads:
        thread.start()
    target = int(len(sessions) * QUESTIONS * kill_fraction)
    while rush.saves_done < target and any(t.is_alive() for t in threads):
        time.sleep(0.05)
    c.nodes[0].kill()
    rush.killed_after = rush.saves_done
    for thread in threads:
        thread.join(timeout=120)
    return rush


def make_clip(directory: Path) -> bytes:
    out = directory / "clip.mp4"
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-y", "-f", "lavfi",
            "-i", "testsrc=duration=2:size=160x120:rate=10",
            "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast",
            str(out),
        ],
        check=True,
        timeout=60,
    )  # fmt: skip
    return out.read_bytes()


def upload_clip(c: Cluster, chunk: int = 8192) -> dict:
    """The representative's clip in chunks (round-robin: they alternate nodes),
    then the submission, which assembles them from the shared bucket."""
    http = client(c, c.data["representative"])
    slug = c.data["contest"]
    form = send(http, "GET", f"{c.host}/video/{slug}/gui-bai/")
    token = token_of(form)
    with tempfile.TemporaryDirectory() as tmp:
        data = make_clip(Path(tmp))
    start = send(
        http,
        "POST",
        f"{c.host}/video/{slug}/tai-len/",
        json={"filename": "clip.mp4", "size": len(data)},
        headers={"X-CSRFToken": token},
    ).json()
    chunk_nodes = []
    for offset in range(0, len(data), chunk):
        answer = send(
            http,
            "POST",
            c.host + start["url"],
            data=data[offset : offset + chunk],
            headers={
                "X-CSRFToken": token,
                "Upload-Offset": str(offset),
                "Content-Type": "application/octet-stream",
            },
        )
        assert answer.status_code == 200, answer.text
        chunk_nodes.append(node_of(answer))
    submitted = send(
        http,
        "POST",
        f"{c.host}/video/{slug}/gui-bai/",
        data={
            "csrfmiddlewaretoken": token,
            "title": "Clip qua hai máy",
            "upload_id": start["upload_id"],
        },
        allow_redirects=False,
    )
    return {
        "bytes": len(data),
        "chunks": len(chunk_nodes),
        "chunk_nodes": sorted(set(chunk_nodes)),
        "submit_status": submitted.status_code,
    }


def organizer(c: Cluster) -> dict:
    """Close the round now, publish it, export the prize list and download it."""
    http = client(c, c.data["organizer"])
    slug, number = c.data["contest"], c.data["round"]
    token = token_of(send(http, "GET", f"{c.host}/ket-qua/{slug}/quan-ly/"))
    base = f"{c.host}/ket-qua/{slug}/dot/{number}/"
    post = {"csrfmiddlewaretoken": token}
    closed = send(http, "POST", base + "dong/", data={**post, "confirm": "1"})
    published = send(http, "POST", base + "cong-bo/", data=post)
    asked = send(
        http,
        "POST",
        f"{c.host}/ket-qua/{slug}/xuat/",
        data={**post, "kind": "round", "round": number},
        allow_redirects=False,
    )
    job_url = c.host + asked.headers["Location"]
    download = None
    for _ in range(120):  # the Celery worker writes it
        download = send(http, "GET", job_url + "tai-ve/", allow_redirects=False)
        if download.status_code == 302:
            break
        time.sleep(0.5)
    workbook = requests.get(download.headers["Location"], timeout=30)
    return {
        "close_status": closed.status_code,
        "publish_status": published.status_code,
        "export_redirect": download.headers.get("Location", "")[:60],
        "export_is_xlsx": workbook.content[:2] == b"PK",
    }


def lost_answers(database_url: str, acks: dict[tuple[int, int], int]) -> list:
    """Acknowledged saves the database does not hold (as the choice shown)."""
    lost = []
    with psycopg2.connect(database_url) as db, db.cursor() as cursor:
        for (attempt, position), shown in sorted(acks.items()):
            cursor.execute(
                'SELECT answer = CAST(substr("order", %s + 1, 1) AS smallint) '
                "FROM contests_attemptquestion "
                "WHERE attempt_id = %s AND position = %s",
                [shown, attempt, position],
            )
            row = cursor.fetchone()
            if not (row and row[0]):
                lost.append((attempt, position, shown))
    return lost


def stored(database_url: str) -> dict:
    """What the database says the run left: clips, attempts, the round."""
    with psycopg2.connect(database_url) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT file, poster, duration_ms, file_size FROM videos_videoclip"
        )
        clips = [list(r) for r in cursor.fetchall()]
        cursor.execute("SELECT status, count(*) FROM contests_attempt GROUP BY status")
        attempts = dict(cursor.fetchall())
        cursor.execute(
            "SELECT closed_at IS NOT NULL, published_at IS NOT NULL "
            "FROM awards_roundclosing"
        )
        closings = [list(r) for r in cursor.fetchall()]
    return {"clips": clips, "attempts": attempts, "closings": closings}


def node_local_files(c: Cluster) -> list[str]:
    """Files the web nodes kept on their own disks (MEDIA_ROOT, upload chunks):
    none, when everything went to the shared bucket."""
    homes = [c.logs.parent / f"node{i}" for i in range(len(c.nodes))]
    return [
        str(path)
        for home in homes
        for sub in ("media", "uploads")
        for path in (home / sub).rglob("*")
        if path.is_file()
    ]


def scenario(database: str, contestants: int = 24) -> dict:
    """The whole run; a report the test (and `make two-nodes`) checks."""
    begun = time.monotonic()
    with cluster(
        database, nodes=2, workers=2, seed_args=["--contestants", str(contestants)]
    ) as c:
        clip = upload_clip(c)
        rush = run_rush(c)
        staff = organizer(c)
        url = c.env["DATABASE_URL"]
        report = {
            "clip": clip,
            "stored": stored(url),
            "contestants": contestants,
            "submitted": len(rush.submitted),
            "acknowledged": len(rush.acks),
            "killed_after_saves": rush.killed_after,
            "save_nodes": dict(rush.nodes),
            "errors": rush.errors,
            "lost": lost_answers(url, rush.acks),
            "organizer": staff,
            "nodes": [n.url for n in c.nodes],
            "node_local_files": node_local_files(c),
        }
    report["seconds"] = round(time.monotonic() - begun, 1)
    return report
