"""Workbooks a test builds whose data reaches far cells (the 2 KB worker killer),
and a way to run an importer in a child process with bounded memory."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl

MANAGE = Path(__file__).resolve().parents[1] / "manage.py"

# An address-space cap for the child: far above what an import of a small file
# needs, far below the 512 GB calamine asks for at XFD1048576.
CHILD_ADDRESS_SPACE = 3 * 1024**3


def far_cell_workbook(cell: str, headers=None, title=None) -> bytes:
    """An .xlsx whose first sheet has `headers` in row 1 (if any) and one more
    value, at `cell` (e.g. "XFD1048576"). openpyxl writes it sparsely: ~5 KB."""
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.title = title
    if headers:
        sheet.append(list(headers))
    sheet[cell] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_CHILD = """
import io, json, resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import django
django.setup()
from django.core.management import call_command
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out, err = io.StringIO(), io.StringIO()
try:
    call_command(*sys.argv[2:], stdout=out, stderr=err)
    code = 0
except Exception as exc:
    code, err = 1, io.StringIO(err.getvalue() + str(exc))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"code": code, "stderr": err.getvalue(),
                  "growth_kb": after - before}))
"""


def run_command_bounded(*args: str) -> dict:
    """Run `manage.py <args>` in a child with an address-space cap. Returns the
    command's outcome and how much its peak memory grew while it ran (KB), or
    {"crashed": returncode} when the child died (the reader's abort)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(CHILD_ADDRESS_SPACE), *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=MANAGE.parent,
        env=env,
    )
    if done.returncode != 0 or not done.stdout.strip():
        return {"crashed": done.returncode, "stderr": done.stderr[-2000:]}
    return json.loads(done.stdout.strip().splitlines()[-1])
