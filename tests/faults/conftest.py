import subprocess
from pathlib import Path

import pytest

from bench import stack


@pytest.fixture(scope="session")
def collected_static():
    """DEBUG=0 serves hashed static names: collect them once (idempotent)."""
    manifest = Path(stack.ROOT) / "var" / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        env = stack.production_env("postgres://x@127.0.0.1/x", "redis://127.0.0.1/0")
        subprocess.run(
            [stack.python(), "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=stack.ROOT,
            env=env,
            check=True,
        )
    return manifest
