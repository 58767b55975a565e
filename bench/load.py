"""Load test: `cagateway serve` on a loopback port, /api/v1/search under load, with /healthz as the ceiling.

Starts ``cagateway serve`` (one uvicorn process, as users run it) against a SQLite file, waits until its start-up
work is done (each worker warms the browse counts: ~12 CPU-seconds at a million producers), then drives it for
``--duration`` seconds per phase with ``--connections`` keep-alive connections:

1. ``/healthz`` — the same server, app and database with the cheapest query: the ceiling the machine allows;
2. ``/api/v1/search?q=...`` — the judged queries of bench/search_eval.py (names as registered, in the other
   script, with typos, identifiers, products in four languages, hand-written buyer queries), round-robin.

The driver is ``wrk`` when it is installed (C, cheap on the CPU the server needs: per-request latencies come
from a Lua script's ``done`` callback) and otherwise an asyncio client in this script (its CPU time competes
with the server on a small machine; the report names the driver). Prints requests/s, p50/p95/p99 in ms, the
error count, the server's and the driver's CPU time per request served, the cores each server process kept busy
(a worker that accepted most of wrk's keep-alive connections saturates its core while the other idles), the
ratio search/healthz, and the load average before and after.

``--cpu`` measures instead the CPU time each request costs the server, in this process and without HTTP: the
app (as ``cagateway serve`` builds it) is called through ASGI for every query, ``--rounds`` times after a warm-up
round, and the process's CPU time is read around each call (worker thread included). Wall-clock rates on a shared
2-core machine swing with other jobs; CPU time per request is what bounds the rate (two cores at 5 ms a request:
at most 400 requests/s) and changes far less with load.

Usage: .venv/bin/python bench/load.py --db /tmp/demo.sqlite3 [--duration 15] [--connections 16] [--port 8765]
       .venv/bin/python bench/load.py --db /tmp/demo.sqlite3 --cpu [--rounds 3] [--facets off]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cagateway.db import Database
from search_eval import build_eval_set  # a sibling script, importable once bench/ is on the path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(db_path: Path, port: int, workers: int, access_log: bool) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("cagateway")
    env = os.environ | {"CAGATEWAY_LOG_LEVEL": "WARNING"}
    cmd = [str(exe), "--db", f"sqlite:///{db_path}", "serve", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--workers", str(workers), "--access-log" if access_log else "--no-access-log"]
    # Our own entry point, with arguments built here:
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit(f"server did not start: {server.stderr.read().decode() if server.stderr else ''}")


def _tree_cpu_seconds(root: int) -> float:
    """CPU seconds (user + system) spent so far by ``root`` and every process below it (uvicorn's workers)."""
    return sum(_tree_cpu_by_process(root).values())


def _tree_cpu_by_process(root: int) -> dict[int, float]:
    """:func:`_tree_cpu_seconds` by process id."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / tick
    tree, grew = {root}, True
    while grew:
        below = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= below
        grew = bool(below)
    return {pid: times.get(pid, 0.0) for pid in tree}


def _wait_until_idle(root: int, timeout: float = 180.0) -> tuple[float, bool]:
    """Wait until the server has finished its start-up work: the CPU seconds it took, and whether it went idle
    within ``timeout`` (if not, the phases measure a server still busy with it; the report says so).

    ``cagateway serve`` warms the browse counts in a background thread in each worker (~12 CPU-seconds a worker at
    a million producers): measuring before they are done charged that work to whichever phase ran first.
    Idle: under 5% of a core over two consecutive seconds.
    """
    started, deadline, quiet = _tree_cpu_seconds(root), time.monotonic() + timeout, 0
    last = started
    while time.monotonic() < deadline and quiet < 2:
        time.sleep(1.0)
        now = _tree_cpu_seconds(root)
        quiet = quiet + 1 if now - last < 0.05 else 0
        last = now
    return round(last - started, 1), quiet >= 2


def _kinds_and_paths(db_path: Path, seed: int, facets: str) -> list[tuple[str, str]]:
    db = Database.from_url(f"sqlite:///{db_path}")
    with db.session() as session:
        queries = [(q["kind"], q["q"]) for q in build_eval_set(session, seed)]
    db.dispose()
    random.Random(seed).shuffle(queries)
    extra = "" if facets == "on" else "&facets=false"
    return [(kind, f"/api/v1/search?q={quote(q)}&limit=20{extra}") for kind, q in queries]


def _paths(db_path: Path, seed: int, facets: str) -> list[str]:
    return [path for _, path in _kinds_and_paths(db_path, seed, facets)]


async def _asgi_get(app: Any, target: str) -> int:
    """One GET through the ASGI app, as uvicorn calls it; the response status."""
    path, _, query = target.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 80),
    }
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])

    await app(scope, receive, send)
    return status


async def _cpu_rounds(app: Any, targets: list[tuple[str, str]], rounds: int) -> dict[str, list[float]]:
    """CPU seconds of each call, by kind, over ``rounds`` passes after one untimed pass (the warm-up)."""
    by_kind: dict[str, list[float]] = {}
    for round_ in range(rounds + 1):
        for kind, target in targets:
            began = time.process_time()
            status = await _asgi_get(app, target)
            spent = time.process_time() - began
            if status != 200:
                raise SystemExit(f"{target}: HTTP {status}")
            if round_:
                by_kind.setdefault(kind, []).append(spent)
    return by_kind


def _cpu_report(args: argparse.Namespace) -> dict[str, Any]:
    from cagateway.config import Settings  # noqa: PLC0415 -- only this mode builds the app in-process
    from cagateway.web.app import create_app  # noqa: PLC0415

    targets = _kinds_and_paths(args.db, args.seed, args.facets)
    settings = Settings(database_url=f"sqlite:///{args.db}", log_level="WARNING")
    app = create_app(settings)
    load_before = os.getloadavg()
    by_kind = asyncio.run(_cpu_rounds(app, targets, args.rounds))
    healthz = asyncio.run(_cpu_rounds(app, [("healthz", "/healthz")] * 200, args.rounds))["healthz"]
    every = [s for samples in by_kind.values() for s in samples]
    cuts = statistics.quantiles(every, n=100, method="inclusive")
    mean = statistics.fmean(every)
    return {
        "mode": "cpu (in-process ASGI, no HTTP)",
        "database": str(args.db),
        "facets": args.facets,
        "requests": len(every),
        "search_cpu_ms": {
            "mean": round(mean * 1000, 2),
            "p50": round(cuts[49] * 1000, 2),
            "p95": round(cuts[94] * 1000, 2),
            "p99": round(cuts[98] * 1000, 2),
        },
        "by_kind_mean_ms": {k: round(statistics.fmean(v) * 1000, 2) for k, v in sorted(by_kind.items())},
        "healthz_cpu_ms": round(statistics.fmean(healthz) * 1000, 3),
        # Both figures inflate together when other jobs share the cores: compare runs by this ratio too.
        "search_vs_healthz_cpu": round(mean / statistics.fmean(healthz), 2),
        "bound_two_cores_req_s": round(2 / mean, 1),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}",
    }


@dataclass
class _Run:
    port: int
    paths: list[str]
    stop_at: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0


async def _worker(run: _Run, start: int) -> None:
    port, paths, stop_at, out = run.port, run.paths, run.stop_at, run.latencies
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = start
    while time.perf_counter() < stop_at:
        path = paths[i % len(paths)]
        i += 1
        began = time.perf_counter()
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
        )
        await reader.readexactly(length)
        out.append(time.perf_counter() - began)
        if not head.startswith(b"HTTP/1.1 200"):
            run.errors += 1
    writer.close()


async def _drive_asyncio(port: int, paths: list[str], seconds: float, connections: int) -> tuple[list[float], int]:
    run = _Run(port, paths, time.perf_counter() + seconds)
    starts = [k * len(paths) // connections for k in range(connections)]
    await asyncio.gather(*(_worker(run, s) for s in starts))
    return run.latencies, run.errors


_WRK_LUA = """
local paths = {}
for line in io.lines(os.getenv("LOAD_PATHS")) do paths[#paths + 1] = line end
local i = 0
request = function() i = i + 1; return wrk.format("GET", paths[(i % #paths) + 1]) end
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\": %d, \\"errors\\": %d, \\"p50\\": %d, \\"p95\\": %d, \\"p99\\": %d}\\n",
    summary.requests, summary.errors.status + summary.errors.timeout + summary.errors.read,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def _drive_wrk(port: int, paths: list[str], seconds: float, connections: int, workdir: Path) -> dict[str, Any]:
    (workdir / "paths.txt").write_text("\n".join(paths) + "\n", encoding="utf-8")
    (workdir / "load.lua").write_text(_WRK_LUA, encoding="utf-8")
    cmd = [
        "wrk",
        "-t",
        "1",
        "-c",
        str(connections),
        "-d",
        f"{max(1, round(seconds))}s",
        "-s",
        str(workdir / "load.lua"),
    ]
    result = subprocess.run(  # noqa: S603 -- wrk with arguments built here
        [*cmd, f"http://127.0.0.1:{port}/"],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"LOAD_PATHS": str(workdir / "paths.txt")},
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("JSON "))
    data = json.loads(line[5:])
    return {
        "requests_per_second": round(data["requests"] / seconds, 1),
        "p50_ms": data["p50"] / 1000,
        "p95_ms": data["p95"] / 1000,
        "p99_ms": data["p99"] / 1000,
        "errors": data["errors"],
    }


def _summary(latencies: list[float], errors: int, seconds: float) -> dict[str, Any]:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else [0.0] * 99
    return {
        "requests_per_second": round(len(latencies) / seconds, 1),
        "p50_ms": round(cuts[49] * 1000, 2),
        "p95_ms": round(cuts[94] * 1000, 2),
        "p99_ms": round(cuts[98] * 1000, 2),
        "errors": errors,
    }


def _phase(port: int, paths: list[str], args: argparse.Namespace, driver: str, workdir: Path) -> dict[str, Any]:
    if driver == "wrk":
        return _drive_wrk(port, paths, args.duration, args.connections, workdir)
    latencies, errors = asyncio.run(_drive_asyncio(port, paths, args.duration, args.connections))
    return _summary(latencies, errors, args.duration)


def _measured_phase(  # noqa: PLR0917 -- _phase's arguments and the server's pid
    server: int, port: int, paths: list[str], args: argparse.Namespace, driver: str, workdir: Path
) -> dict[str, Any]:
    """:func:`_phase`, with the CPU time the server and the driver spent per request served: unlike the rate,
    these change little when other jobs share the cores."""
    server_before, driver_before = _tree_cpu_by_process(server), _children_cpu_seconds()
    result = _phase(port, paths, args, driver, workdir)
    server_after = _tree_cpu_by_process(server)
    served = max(1.0, result["requests_per_second"] * args.duration)
    spent = {pid: seconds - server_before.get(pid, 0.0) for pid, seconds in server_after.items()}
    result["server_cpu_ms_per_request"] = round(sum(spent.values()) / served * 1000, 3)
    # Cores each server process kept busy, busiest first: a worker that accepted most of the driver's keep-alive
    # connections runs its core flat out while the other idles, and the rate halves with no change in the code.
    result["server_cores_by_process"] = sorted((round(v / args.duration, 2) for v in spent.values()), reverse=True)
    if driver == "wrk":  # the asyncio driver runs in this process, which also does the bookkeeping
        result["driver_cpu_ms_per_request"] = round((_children_cpu_seconds() - driver_before) / served * 1000, 3)
    return result


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="SQLite file with demo data and a search index")
    parser.add_argument("--duration", type=float, default=15.0, help="Seconds per phase")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=0, help="Loopback port (default: a free one)")
    parser.add_argument("--driver", choices=["auto", "wrk", "asyncio"], default="auto")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1, help="`cagateway serve --workers` (processes)")
    parser.add_argument("--access-log", action="store_true", help="keep uvicorn's per-request log on")
    parser.add_argument("--facets", choices=["on", "off"], default="on", help="search with facet counts (API default)")
    parser.add_argument("--cpu", action="store_true", help="measure CPU time per request in-process instead")
    parser.add_argument("--rounds", type=int, default=3, help="--cpu: timed passes over the queries")
    args = parser.parse_args()
    if args.cpu:
        print(json.dumps(_cpu_report(args)))
        return
    driver = args.driver if args.driver != "auto" else ("wrk" if shutil.which("wrk") else "asyncio")
    paths = _paths(args.db, args.seed, args.facets)
    port = args.port or _free_port()
    load_before = os.getloadavg()
    server = _start_server(args.db, port, args.workers, args.access_log)
    workdir = Path(os.environ.get("TMPDIR", "/tmp"))
    try:
        startup_cpu, settled = _wait_until_idle(server.pid)
        _phase(port, paths[:50], argparse.Namespace(**vars(args) | {"duration": 2.0}), driver, workdir)  # warm-up
        healthz = _measured_phase(server.pid, port, ["/healthz"], args, driver, workdir)
        search = _measured_phase(server.pid, port, paths, args, driver, workdir)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = {
        "driver": driver,
        "database": str(args.db),
        "producers_db_bytes": args.db.stat().st_size,
        "queries": len(paths),
        "connections": args.connections,
        "workers": args.workers,
        "access_log": args.access_log,
        "facets": args.facets,
        "seconds_per_phase": args.duration,
        "server_startup_cpu_s": startup_cpu,
        "server_idle_before_measuring": settled,
        "healthz": healthz,
        "search": search,
        "search_vs_healthz_rate": round(search["requests_per_second"] / healthz["requests_per_second"], 3),
        "goal": "search >= 300 req/s at p99 <= 200 ms (1M producers)",
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}",
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
