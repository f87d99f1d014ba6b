"""Results pages, by audience: the public and contestants (public.py), the
contest's results staff (staff.py), Excel exports (exports.py), a unit's
participation report (units.py); common.py holds the permission-first helpers.

Thin: permission first, one service or task call, then render or redirect. Heavy
work (closing, regrading, exporting) runs in Celery, enqueued after commit; public
lists are cached a minute, never computed per request.
"""

from .exports import MSG_EXPORT_QUEUED, export_download, export_job, export_start
from .public import contest_overall, contest_results, index, round_results
from .staff import (
    close_now,
    contest_compute,
    contest_publish,
    correct_key,
    manage,
    publish,
    ranking,
    regrade,
)
from .units import unit_report

__all__ = [
    "MSG_EXPORT_QUEUED",
    "close_now",
    "contest_compute",
    "contest_overall",
    "contest_publish",
    "contest_results",
    "correct_key",
    "export_download",
    "export_job",
    "export_start",
    "index",
    "manage",
    "publish",
    "ranking",
    "regrade",
    "round_results",
    "unit_report",
]
