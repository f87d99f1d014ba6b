"""An answer still in flight when the host reveals is counted, never lost: the
reveal waits for it (answers hold the question's row FOR SHARE)."""

import datetime
import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from live import services
from live.models import LivePlayer, QuestionRun

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reveal_waits_for_an_answer_being_saved(game, host_user):
    ids = dict(LivePlayer.objects.filter(game=game).values_list("number", "id"))
    services.next_question(game.id, actor=host_user)
    run = services.open_question(game.id, actor=host_user)
    deadline = timezone.now() - datetime.timedelta(seconds=5)
    QuestionRun.objects.filter(pk=run.pk).update(deadline=deadline)
    holding = threading.Event()

    def slow_answer():
        try:
            with transaction.atomic():
                services.submit_answer(
                    player_id=ids[1],
                    run_id=run.id,
                    position=0,  # the key
                    received_at=deadline - datetime.timedelta(seconds=1),
                )
                holding.set()
                time.sleep(0.8)  # the answer's transaction has not committed yet
        finally:
            connection.close()

    worker = threading.Thread(target=slow_answer)
    worker.start()
    assert holding.wait(5)
    services.reveal(game.id, actor=host_user)
    worker.join()
    # Everyone else missed it; player 1's answer, committed after the reveal
    # began, kept them in.
    standing = set(
        LivePlayer.objects.filter(game=game, is_in=True).values_list(
            "number", flat=True
        )
    )
    assert standing == {1}
