"""Write the tables of BENCHMARKS.md from bench/results/*.json (between the
<!-- bench:begin --> and <!-- bench:end --> markers; the prose around them is
written by hand from the same figures).

    .venv/bin/python -m bench.report [--total-seconds N]
"""

from __future__ import annotations

import argparse
import json

from bench import stack
from bench.report_nodes import nodes_section

RESULTS = stack.ROOT / "bench" / "results"
DOC = stack.ROOT / "BENCHMARKS.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def server(r: dict) -> str:
    """The web server a rush ran on."""
    return (
        f"granian (config/serve.py): {r['server']['workers']} workers x "
        f"{r['server']['threads']} threads"
    )


def load(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def table(header: list[str], rows: list[list]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def ep(stage: dict, name: str) -> dict:
    return stage["endpoints"].get(name) or {
        "requests": 0,
        "per_s": 0,
        "p50_ms": 0,
        "p95_ms": 0,
        "p99_ms": 0,
        "max_ms": 0,
        "codes": {},
        "failures": 0,
    }


LATENCY = ["requests", "per s", "p50 ms", "p95 ms", "p99 ms"]
LATENCY_KEYS = ["requests", "per_s", "p50_ms", "p95_ms", "p99_ms"]


def latency_cells(e: dict) -> list:
    """An endpoint's cells under LATENCY, "max ms" and "status codes"."""
    codes = ", ".join(f"{k}: {v}" for k, v in sorted(e["codes"].items()))
    return [*(e[k] for k in LATENCY_KEYS), e["max_ms"], codes]


def probe(r: dict) -> str:
    ms = r["machine"].get("cpu_probe_ms")
    return f", CPU probe {ms} ms" if ms else ""


def errors(e: dict, ok=("200", "302")) -> int:
    return sum(v for k, v in e["codes"].items() if k not in ok)


def rush_section(r: dict) -> list[str]:
    st = r["stages"]
    keys = ("rate", "think", "login_fraction", "seconds", "warmup", "sat_users")
    picked = {k: r["options"][k] for k in (*keys, "overload_users")}
    out = [
        f"### Contest rush — {r['machine']['date']}, load average "
        f"{r['machine']['load']} at the end{probe(r)}",
        "",
        f"{server(r)}; options `{json.dumps(picked)}`",
        "",
    ]
    rows = []
    for name, got in st.items():
        for endpoint, e in got["endpoints"].items():
            if not e["requests"]:
                continue
            rows.append(
                [
                    name,
                    endpoint,
                    *latency_cells(e),
                    got["machine_cpu_pct"],
                    got["loadgen_cores"],
                    got["load"],
                ]
            )
    out.append(
        table(
            [
                "stage",
                "endpoint",
                *LATENCY,
                "max ms",
                "status codes",
                "machine CPU %",
                "locust cores",
                "load avg",
            ],
            rows,
        )
    )
    out.append("")
    summary = []
    if "steady" in st:
        save = ep(st["steady"], "save")
        submit = ep(st["steady"], "submit")
        summary.append(
            [
                "steady: saves/s offered 20 x rate",
                save["per_s"],
                "200",
                verdict(save["per_s"] >= 180),
            ]
        )
        summary.append(
            [
                "steady: save p95 ms",
                save["p95_ms"],
                "≤ 50",
                verdict(save["p95_ms"] <= 50),
            ]
        )
        summary.append(
            [
                "steady: save p99 ms",
                save["p99_ms"],
                "≤ 150",
                verdict(save["p99_ms"] <= 150),
            ]
        )
        cpu = st["steady"]["machine_cpu_pct"]
        summary.append(["steady: machine CPU %", cpu, "≤ 70", verdict(cpu <= 70)])
        for name in ("start", "attempt page", "submit"):
            p95 = ep(st["steady"], name)["p95_ms"]
            summary.append(
                [f"steady: {name} p95 ms", p95, "≤ 150", verdict(p95 <= 150)]
            )
        summary.append(
            [
                "steady: complete attempts per hour",
                round(submit["per_s"] * 3600),
                "",
                "",
            ]
        )
        bad = sum(errors(e) for e in st["steady"]["endpoints"].values())
        summary.append(
            ["steady: errors (any status but 200/302)", bad, "0", verdict(bad == 0)]
        )
    if "saves" in st and "reference" in st:
        s = ep(st["saves"], "save")["per_s"]
        ref = ep(st["reference"], "reference upsert")["per_s"]
        summary.append(["saturation: saves/s", s, "≥ 300", verdict(s >= 300)])
        summary.append(["reference (bare upsert view)/s", ref, "", ""])
        ratio = round(s / ref, 2) if ref else 0
        summary.append(["our saves / reference", ratio, "≥ 1.0", verdict(ratio >= 1.0)])
    if "startsubmit" in st:
        a = ep(st["startsubmit"], "start")["per_s"]
        b = ep(st["startsubmit"], "submit")["per_s"]
        summary.append(["saturation: starts/s", a, "≥ 150", verdict(a >= 150)])
        summary.append(["saturation: submits/s", b, "≥ 150", verdict(b >= 150)])
        summary.append(
            [
                "capacity: attempts per hour (start+submit loop)",
                round(min(a, b) * 3600),
                "",
                "",
            ]
        )
    if "overload" in st:
        e = ep(st["overload"], "save")
        n503 = e["codes"].get("503", 0)
        other = errors(e, ok=("200", "503"))
        summary.append(["overload: saves answered/s (200 + 503)", e["per_s"], "", ""])
        summary.append(
            [
                "overload: share answered 503",
                f"{100 * n503 / max(1, e['requests']):.0f} %",
                "",
                "",
            ]
        )
        summary.append(
            [
                "overload: max ms, timeouts/other errors",
                f"{e['max_ms']} ms, {other}",
                "no timeouts",
                verdict(other == 0),
            ]
        )
    out.append(table(["figure", "measured", "target", "verdict"], summary))
    out += ["", *cores_section(st)]
    return out


def cores_section(stages: dict) -> list[str]:
    """Where each stage's CPU went: the cores each program used (bench.rush's
    CpuMeter, from /proc), the profile behind the latency figures."""
    named = [(n, g) for n, g in stages.items() if g.get("program_cores")]
    if not named:
        return []
    programs = sorted({p for _, g in named for p in g["program_cores"]})
    pr = programs
    rows = [
        [name, got["machine_cpu_pct"], *(got["program_cores"].get(p, 0) for p in pr)]
        for name, got in named
    ]
    return [
        "Where the CPU went (cores used by each program over the stage, of 2):",
        "",
        table(["stage", "machine CPU %", *programs], rows),
    ]


def partial_load_section(r: dict) -> list[str]:
    """The steady flow at a lower arrival rate: where the latency targets hold."""
    got = r["stages"]["steady"]
    rate = r["options"]["rate"]
    rows = [
        [endpoint, *latency_cells(e)]
        for endpoint, e in got["endpoints"].items()
        if e["requests"]
    ]
    save = ep(got, "save")
    return [
        f"### Steady flow at {rate:g} contestants a second ({20 * rate:g} saves/s "
        f"offered) — {r['machine']['date']}{probe(r)}, load {got['load']}, machine CPU "
        f"{got['machine_cpu_pct']} %",
        "",
        table(
            [
                "endpoint",
                *LATENCY,
                "max ms",
                "status codes",
            ],
            rows,
        ),
        "",
        table(
            ["figure", "measured", "target", "verdict"],
            [
                ["save p95 ms", save["p95_ms"], "≤ 50", verdict(save["p95_ms"] <= 50)],
                [
                    "save p99 ms",
                    save["p99_ms"],
                    "≤ 150",
                    verdict(save["p99_ms"] <= 150),
                ],
                [
                    "errors (any status but 200/302)",
                    sum(errors(e) for e in got["endpoints"].values()),
                    "0",
                    verdict(not sum(errors(e) for e in got["endpoints"].values())),
                ],
            ],
        ),
        "",
        *cores_section(r["stages"]),
    ]


def pages_section(r: dict) -> list[str]:
    got = r["stages"]["pages"]
    rows = []
    for name in ("public results page", "unit participation table", "save"):
        e = ep(got, name)
        target = "≤ 50" if name != "save" else "≤ 50 (p95)"
        rows.append(
            [
                name,
                e["requests"],
                e["per_s"],
                e["p50_ms"],
                e["p95_ms"],
                e["p99_ms"],
                target,
                verdict(e["p95_ms"] <= 50),
            ]
        )
    return [
        f"### Pages under {r['options']['readers']} readers during the rush at "
        f"{r['options']['rate']:g} contestants a second — {r['machine']['date']}, "
        f"load {got['load']}, machine CPU {got['machine_cpu_pct']} %{probe(r)}",
        "",
        table(
            [
                "endpoint",
                *LATENCY,
                "target p95 ms",
                "verdict",
            ],
            rows,
        ),
        "",
        *cores_section(r["stages"]),
    ]


def live_section(r: dict) -> list[str]:
    """The live final: reveal → every phone, and answer acknowledgements."""
    lasts = [q["reveal_last_ms"] for q in r["questions"]]
    return [
        f"### Live final (Rung chuông vàng) — {r['machine']['date']}, load "
        f"{r['machine']['load']}{probe(r)}",
        "",
        f"{r['players']} players and {r['audience']} audience sockets on one daphne "
        f"process (channels-redis), {len(r['questions'])} questions; joins took "
        f"{r['join_s']} s, opening the {r['sockets']} sockets {r['connect_s']} s.",
        "",
        table(
            [
                "measure",
                "p50 ms",
                "p95 ms",
                "max ms",
                "count",
                "target",
                "verdict",
            ],
            [
                [
                    "reveal → last socket updated (per question)",
                    sorted(lasts)[len(lasts) // 2],
                    r["reveal_last_p95_ms"],
                    r["reveal_last_max_ms"],
                    f"{len(lasts)} questions, {r['sockets']} sockets each",
                    f"p95 ≤ {r['reveal_target_ms']:.0f} ms",
                    verdict(r["reveal_last_p95_ms"] <= r["reveal_target_ms"]),
                ],
                [
                    "reveal → each socket updated (every socket, every question)",
                    r.get("reveal_all_p50_ms", ""),
                    r.get("reveal_all_p95_ms", ""),
                    r["reveal_last_max_ms"],
                    f"{len(lasts) * r['sockets']} updates",
                    f"p95 ≤ {r['reveal_target_ms']:.0f} ms",
                    verdict(r.get("reveal_all_p95_ms", 10**9) <= r["reveal_target_ms"]),
                ],
                [
                    "answer → acknowledgement",
                    r["ack_p50_ms"],
                    r["ack_p95_ms"],
                    r["ack_max_ms"],
                    f"{r['answers_sent']} sent, {r['acks']} acked, "
                    f"{r['answers_stored']} stored, {r['lost']} lost",
                    f"p95 ≤ {r['ack_target_ms']:.0f} ms, none lost",
                    verdict(
                        r["ack_p95_ms"] is not None
                        and r["ack_p95_ms"] <= r["ack_target_ms"]
                        and r["lost"] == 0
                    ),
                ],
            ],
        ),
        "",
        table(
            [
                "question",
                "answers",
                "sockets updated",
                "p50 ms",
                "p95 ms",
                "last ms",
                "host's reveal request ms",
            ],
            [
                [
                    q["question"],
                    q["answers"],
                    q["updated"],
                    q["reveal_p50_ms"],
                    q["reveal_p95_ms"],
                    q["reveal_last_ms"],
                    q.get("host_response_ms", ""),
                ]
                for q in r["questions"]
            ],
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--total-seconds", type=int, default=0)
    args = parser.parse_args()
    parts: list[str] = [BEGIN, ""]
    first = next(
        (load(n) for n in ("rush", "close", "excel", "imports") if load(n)), None
    )
    if first:
        m = first["machine"]
        parts += [
            f"Machine: {m['cores']} cores, {m['memory_gb']} GB, Python "
            f"{m['python']}; shared with other engineers (load average is "
            "recorded next to each figure).",
            "",
        ]
    if args.total_seconds:
        parts += [
            f"`make bench` took {args.total_seconds // 60} min "
            f"{args.total_seconds % 60} s in all.",
            "",
        ]
    if r := load("rush"):
        parts += [*rush_section(r), ""]
    if r := load("rush-rate5"):
        parts += [*partial_load_section(r), ""]
    if r := load("pages"):
        parts += [*pages_section(r), ""]
    if r := load("pages-rate5"):
        parts += [*pages_section(r), ""]
    if r := load("live"):
        parts += [*live_section(r), ""]
    if r := load("nodes"):
        parts += [*nodes_section(r, table), ""]
    if r := load("close"):
        parts += [
            f"### Round close — {r['machine']['date']}, load {r['machine']['load']}"
            f"{probe(r)}",
            "",
            table(
                [
                    "attempts",
                    "contestants",
                    "units",
                    "seed (COPY) s",
                    "close end to end s",
                    "inside the transaction s",
                    "ranked",
                    "awards",
                    "unit results",
                    "target s",
                    "verdict",
                ],
                [
                    [
                        f"{x['attempts']:,}",
                        f"{x['contestants']:,}",
                        x["units"],
                        x["seed_s"],
                        x["close_wall_s"],
                        x["close_in_transaction_s"],
                        f"{x['ranked']:,}",
                        x["awards"],
                        x["unit_results"],
                        x["target_s"] or "",
                        verdict(
                            x["target_s"] is None or x["close_wall_s"] <= x["target_s"]
                        ),
                    ]
                    for x in r["runs"]
                ],
            ),
            "",
        ]
    if r := load("excel"):
        parts += [
            f"### Excel — {r['machine']['date']}, load {r['machine']['load']}"
            f"{probe(r)}",
            "",
            table(
                [
                    "export",
                    "rows",
                    "seconds",
                    "CPU s",
                    "peak RSS MB",
                    "RSS before writing MB",
                    "file MB",
                    "target",
                    "verdict",
                ],
                [
                    [
                        x["kind"],
                        f"{x['rows']:,}",
                        x["seconds"],
                        x.get("cpu_seconds", "—"),
                        x["peak_rss_mb"],
                        x["baseline_rss_mb"],
                        x["file_mb"],
                        "≤ 15 s, ≤ 100 MB",
                        verdict(x["seconds"] <= 15 and x["peak_rss_mb"] <= 100),
                    ]
                    for x in r["runs"]
                ],
            ),
            "",
        ]
    if r := load("imports"):
        parts += [
            f"### Imports — {r['machine']['date']}, load {r['machine']['load']}"
            f"{probe(r)}",
            "",
            table(
                [
                    "file",
                    "rows",
                    "seconds",
                    "rows/s",
                    "MB",
                    "same file with a bad last row: nothing written",
                    "target",
                    "verdict",
                ],
                [
                    [
                        x["what"],
                        f"{x['rows']:,}",
                        x["seconds"],
                        x["rows_per_s"],
                        x["file_mb"],
                        "yes"
                        if x["bad_last_row_refused"] and not x["written_after_bad"]
                        else "NO",
                        "≥ 5,000 rows/s",
                        verdict(x["rows_per_s"] >= 5000),
                    ]
                    for x in r["runs"]
                ],
            ),
            "",
        ]
    parts.append(END)
    block = "\n".join(parts)
    text = DOC.read_text() if DOC.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text:
        text += f"\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    DOC.write_text(head + block + tail)
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
