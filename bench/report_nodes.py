"""BENCHMARKS.md's table of bench/results/nodes.json (python -m bench.nodes
--bench): the same saturation stages through one web node, then two."""

from __future__ import annotations

STAGES = (("saves", "save"), ("startsubmit", "start"), ("startsubmit", "submit"))


def _row(label: str, runs: dict, stage: str, endpoint: str) -> list:
    got = runs[label][stage]
    e = got["endpoints"].get(endpoint, {})
    codes = ", ".join(f"{k}: {v}" for k, v in sorted(e.get("codes", {}).items()))
    return [
        label,
        endpoint,
        e.get("requests", 0),
        e.get("per_s", 0),
        e.get("p50_ms", "—"),
        e.get("p95_ms", "—"),
        e.get("p99_ms", "—"),
        codes,
        got.get("machine_cpu_pct", "—"),
    ]


def ratios(r: dict) -> dict[str, float]:
    """Throughput through two nodes over one, per endpoint."""
    out = {}
    for stage, endpoint in STAGES:
        one = r["runs"]["one node"][stage]["endpoints"].get(endpoint, {})
        two = r["runs"]["two nodes"][stage]["endpoints"].get(endpoint, {})
        if one.get("per_s"):
            out[endpoint] = round(two.get("per_s", 0) / one["per_s"], 2)
    return out


def nodes_section(r: dict, table) -> list[str]:
    m, o = r["machine"], r["options"]
    rows = [
        _row(label, r["runs"], stage, endpoint)
        for stage, endpoint in STAGES
        for label in ("one node", "two nodes")
    ]
    ratio = ", ".join(f"{k} {v}x" for k, v in ratios(r).items())
    return [
        f"### One web node vs two — {m['date']}, load {m['load']}",
        "",
        f"`python -m bench.nodes --bench` (`make bench-nodes`): each node granian "
        f"{o['workers']} workers x 4 threads, object storage on moto's S3 endpoint, "
        f"{o['sat_users']} closed-loop users for {o['seconds']:g} s per stage, "
        "through nginx round-robin; the same processes and data, one node first.",
        "",
        table(
            [
                "nodes",
                "endpoint",
                "requests",
                "per s",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "status codes",
                "machine CPU %",
            ],
            rows,
        ),
        "",
        f"Throughput, two nodes over one: {ratio}. Both nodes share this "
        "machine's 2 cores with Postgres, Redis, the worker and locust, so a "
        "second node adds processes, not CPU: a ratio near 1.0 says the stateless "
        "design costs nothing (no sticky sessions, files in the shared bucket), "
        "not what a second machine would add.",
    ]
