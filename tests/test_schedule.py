"""Every periodic job in settings names a task that a worker actually has."""

from django.conf import settings

from config.celery import app


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled, "CELERY_BEAT_SCHEDULE is empty"
    assert scheduled - set(app.tasks) == set()


def test_sweeps_run_at_least_every_minute():
    # Rounds close and expired attempts are finalised within a minute of their time.
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        if "sweep" in name or "close" in name:
            assert float(entry["schedule"]) <= 60, name
