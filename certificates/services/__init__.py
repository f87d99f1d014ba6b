"""Writes and workflows of certificates: issuing and re-matching (issuing), the
reason of a revocation (reasons), the PDF (rendering), the zip job (batches)."""

from .batches import purge_old_batches, request_batch, run_batch
from .issuing import reconcile_contest
from .rendering import render_pdf, verification_path

__all__ = [
    "purge_old_batches",
    "reconcile_contest",
    "render_pdf",
    "request_batch",
    "run_batch",
    "verification_path",
]
