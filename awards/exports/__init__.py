"""Excel exports of the awards: one small module per report (its title, columns
and rows), rendered by the one sheet writer (core.sheets); the export job's
lifecycle in ``jobs``. The names below are what callers use."""

from .base import TOTAL_LABEL, safe_text
from .collective import write_collective
from .contest_awards import write_contest_awards
from .individual import write_round_awards
from .jobs import (
    filename_for,
    purge_old_exports,
    request_export,
    run_export_job,
    write_export,
)
from .participation import write_participation
from .ranking import RANKING_COLUMNS, write_ranking

__all__ = [
    "RANKING_COLUMNS",
    "TOTAL_LABEL",
    "filename_for",
    "purge_old_exports",
    "request_export",
    "run_export_job",
    "safe_text",
    "write_collective",
    "write_contest_awards",
    "write_export",
    "write_participation",
    "write_ranking",
    "write_round_awards",
]
