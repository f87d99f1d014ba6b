"""Two web nodes on this machine carry a contest, one of them killed mid-rush.

bench/nodes.py starts two web nodes behind nginx (round-robin, no sticky
sessions), a Celery worker, a database of its own on the shared Postgres, a
private Redis and moto's S3-protocol server on loopback (a stand-in for the
S3-compatible object storage every node shares); bench/nodes_run.py drives the
contest through nginx and reads the outcome from the database. Every process is
stopped when the run ends, passed or not (`make two-nodes` runs the same).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

CONTESTANTS = 24


@pytest.fixture(scope="module")
def report():
    from bench.nodes import database_name
    from bench.nodes_run import QUESTIONS, scenario

    got = scenario(database_name(), contestants=CONTESTANTS)
    got["expected_saves"] = CONTESTANTS * QUESTIONS
    return got


def test_no_answer_a_client_saw_acknowledged_is_lost_when_a_node_dies(report):
    assert report["errors"] == []
    # Node 0 died with a third of the saves done; the rest went to node 1.
    assert 0 < report["killed_after_saves"] < report["expected_saves"]
    assert len(report["save_nodes"]) == 2
    assert report["acknowledged"] == report["expected_saves"]
    assert report["lost"] == []


def test_every_contestant_started_reloaded_and_submitted_through_both_nodes(report):
    assert report["submitted"] == CONTESTANTS
    assert report["stored"]["attempts"] == {"submitted": CONTESTANTS}


def test_a_clip_whose_chunks_went_to_both_nodes_is_assembled_with_its_poster(
    report,
):
    clip = report["clip"]
    assert clip["chunks"] >= 2
    assert len(clip["chunk_nodes"]) == 2  # consecutive chunks, different nodes
    assert clip["submit_status"] == 302
    # Each node had a disk of its own: nothing was kept there, all in the bucket.
    assert report["node_local_files"] == []
    [(file, poster, duration_ms, size)] = report["stored"]["clips"]
    assert file.endswith(".mp4")
    assert poster.endswith("-poster.jpg")
    assert duration_ms == 2000
    assert size == clip["bytes"]


def test_the_organizer_closes_publishes_and_exports_from_the_shared_bucket(report):
    assert report["stored"]["closings"] == [[True, True]]
    organizer = report["organizer"]
    assert organizer["export_redirect"].startswith("http://127.0.0.1:")
    assert organizer["export_is_xlsx"] is True
