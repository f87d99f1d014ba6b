"""Pages: the public results page (anonymous) and the unit participation table
(unit representatives, logged in) under 100 readers, each reading once a second,
while contestants rush at --rate a second (as bench/rush.py's steady stage).

    .venv/bin/python -m bench.pages [--rate 10] [--readers 100] [--seconds 60]
"""

from __future__ import annotations

import os
import sys

from bench import common, rush


def main() -> None:
    argv = sys.argv[1:]
    args = rush.parser().parse_args(["--stages", "pages", "--name", "pages", *argv])
    args.workers = args.workers or 2 * os.cpu_count()
    args.threads = args.threads or 4
    results = rush.run(args)
    common.save(args.name, results)
    rush.summarise(results)


if __name__ == "__main__":
    main()
