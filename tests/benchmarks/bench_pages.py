"""The page benchmark of issue 5 (run by hand; pytest does not collect it).

    PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_pages.py \
        [--database sqlite|postgresql|both] [--size default] [--compare-size small] \
        [--duration 10] [--reuse PATH|URL --manifest PATH] [--keep] [--skip-export]

For each database: builds the scale data set (``flask db upgrade`` then ``flask scale
generate``) into a scratch SQLite file or a scratch PostgreSQL database (created and dropped
here, never ``test``), starts the app under gunicorn (2 sync workers, KYODO_BENCHMARK_ROUTES=1)
on a free port, logs the scale accounts in with a real form POST, and drives each page with
``wrk`` (Debian: ``apt-get install -y wrk``), a separate process, 1 thread and
``--connections`` connections for ``--duration`` seconds; then the same app's trivial route
``/_bench/body/<size>`` with a pre-built body of the page's size and the same cookie (the
framework's limit), and prints the ratio of the two.

How each figure is measured:
- req/s, p50, p99: wrk, closed loop, ``--connections`` connections (saturated: 2 workers).
- p99 at half load (logged-in pages): an open-loop client in this process, threads sending
  requests on a fixed schedule at half the page's saturated req/s; each latency counts from
  the request's scheduled time, so a server falling behind shows (no coordinated omission).
- search p95: wrk with ONE connection (so latency is the server's time plus the loopback),
  cycling through the manifest's Japanese and English terms.
- 1 conn p50 at both sizes: wrk with one connection on ``--size`` and on ``--compare-size``;
  target: the large size's median <= 1.5 x the small one's.
- export: tests/benchmarks/bench_export.py's streaming of /data/values.csv in a fresh process
  on the same database (the scale set holds 1,000,000 verified values).
- knapsack: selection.knapsack.best_subset on 500 realistic proposals (bench_knapsack.py).
- worker RSS: VmRSS and VmHWM of the gunicorn workers from /proc after the run.
The machine is shared: load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import http.client
import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from tests.benchmarks import bench_export  # noqa: E402 (after the path is set)

VENV_BIN = os.path.join(ROOT, ".venv", "bin")
SECRET_KEY = "bench-pages-not-secret"
DEFAULT_PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/"

PUBLIC_RATIO = 0.5
LOGGED_IN_RATIO = 0.2
LOGGED_IN_P99_MS = 100
SEARCH_P95_MS = 30
GROWTH = 1.5
KNAPSACK_MS = 200

WRK_SCRIPT = r"""
local paths = {%(paths)s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
"""


# --- the database --------------------------------------------------------------------------


def _flask_env(url: str) -> dict:
    env = {
        **os.environ,
        "FLASK_APP": "proposals",
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET_KEY,
        "PYTHONPATH": ROOT,
    }
    env.pop("REDIS_URL", None)
    return env


def build_database(url: str, size: str, manifest: str) -> float:
    """Migrate the empty database ``url`` and fill it with the scale set; seconds taken."""
    start = time.perf_counter()
    flask = os.path.join(VENV_BIN, "flask")
    env = _flask_env(url)
    subprocess.run([flask, "db", "upgrade"], check=True, env=env, cwd=ROOT, capture_output=True)  # noqa: S603
    subprocess.run(  # noqa: S603 (our own CLI)
        [flask, "scale", "generate", "--size", size, "--manifest", manifest],
        check=True,
        env=env,
        cwd=ROOT,
    )
    return time.perf_counter() - start


@contextlib.contextmanager
def scratch(kind: str, size: str, args):
    """(url, manifest path) of a filled database, dropped afterwards unless --keep/--reuse."""
    if args.reuse:
        url = args.reuse if "://" in args.reuse else f"sqlite:///{os.path.abspath(args.reuse)}"
        manifest = args.manifest or (
            os.path.join(os.path.dirname(os.path.abspath(args.reuse)), f"manifest-{size}.json")
            if "://" not in args.reuse
            else None
        )
        if not manifest or not os.path.exists(manifest):
            raise SystemExit("--reuse needs the scale manifest of that database: --manifest PATH")
        yield url, manifest
        return
    folder = tempfile.mkdtemp(prefix=f"kyodo-bench-{kind}-{size}-")
    manifest = os.path.join(folder, f"manifest-{size}.json")
    if kind == "sqlite":
        url = f"sqlite:///{os.path.join(folder, 'kyodo.sqlite3')}"
    else:
        url = f"{args.pg_server.rstrip('/')}/kyodo_bench_pages_{size}"
        bench_export.create_database(url)
    try:
        print(f"[{kind}] building the {size} scale data set ...", flush=True)
        seconds = build_database(url, size, manifest)
        print(f"[{kind}] built in {seconds:.0f} s", flush=True)
        yield url, manifest
    finally:
        if args.keep:
            print(f"[{kind}] kept {url} and {manifest}")
        else:
            if kind == "postgresql":
                bench_export.drop_database(url)
            shutil.rmtree(folder, ignore_errors=True)


# --- the server ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with 2 workers on a free port, serving ``url``."""

    def __init__(self, url: str):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = _flask_env(url)
        env["KYODO_BENCHMARK_ROUTES"] = "1"
        self.process = subprocess.Popen(  # noqa: S603 (gunicorn from the venv)
            [
                os.path.join(VENV_BIN, "gunicorn"),
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.5)

    def wait_idle(self, timeout: float = 120) -> None:
        """Until both workers answer the health check at once (no request left running)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            start = time.perf_counter()
            threads = [
                threading.Thread(target=fetch, args=(self.base, "/healthz", None)) for _ in range(2)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            if time.perf_counter() - start < 0.2:
                return
            time.sleep(0.5)

    def workers(self) -> list[int]:
        children = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                with contextlib.suppress(OSError), open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                    if int(fields[1]) == self.process.pid:
                        children.append(int(entry))
        return sorted(children)

    def worker_memory(self) -> list[tuple[int, int, int]]:
        """(pid, VmRSS KiB, VmHWM KiB) of each worker."""
        rows = []
        for pid in self.workers():
            values = {}
            with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as status:
                for line in status:
                    key, _colon, rest = line.partition(":")
                    if key in ("VmRSS", "VmHWM"):
                        values[key] = int(rest.split()[0])
            rows.append((pid, values.get("VmRSS", 0), values.get("VmHWM", 0)))
        return rows

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- logging in ----------------------------------------------------------------------------


def log_in(base: str, email: str, password: str) -> str:
    """The Cookie header of a session logged in through the real form (CSRF token and all)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/login") as response:
        page = response.read().decode()
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    if match is None:
        raise SystemExit("no CSRF token on the login form")
    form = urllib.parse.urlencode(
        {"csrf_token": html.unescape(match.group(1)), "email": email, "password": password}
    ).encode()
    with opener.open(base + "/login", data=form) as response:
        response.read()
    # One page view consumes the "You are logged in" flash kept in the session cookie.
    with opener.open(base + "/account") as response:
        if response.status != 200 or "/login" in response.url:
            raise SystemExit(f"could not log in as {email}")
        response.read()
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def fetch(base: str, path: str, cookie: str | None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- load ----------------------------------------------------------------------------------


def wrk(
    base: str,
    paths: list[str],
    cookie: str | None,
    *,
    connections: int,
    duration: float,
    timeout: float = 10,
):
    """wrk's figures: requests/s, p50/p95/p99 in ms, and how many failed."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"paths": ", ".join(json.dumps(path) for path in paths)})
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        f"{max(10, round(timeout))}s",
        "-s",
        script.name,
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    try:
        output = subprocess.run(  # noqa: S603 (wrk with our arguments)
            [*command, base + paths[0]], check=True, capture_output=True, text=True
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    requests, duration_us, p50, p95, p99, bad_status, errors = map(int, line.split()[1:])
    return {
        "rps": requests / (duration_us / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "failed": bad_status + errors,
        "requests": requests,
    }


def paced(base: str, path: str, cookie: str | None, *, rate: float, duration: float):
    """Open loop: requests at ``rate`` per second on a fixed schedule; latency from the
    scheduled time. Returns p50/p99 in ms, the rate achieved and the failures."""
    total = max(1, int(rate * duration))
    threads = min(32, max(4, int(rate * 0.2)))
    start = time.perf_counter() + 0.2
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    headers = {"Cookie": cookie} if cookie else {}

    def run(first: int) -> None:
        connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=30)
        mine = []
        for slot in range(first, total, threads):
            scheduled = start + slot / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=30)
                ok = False
            mine.append(time.perf_counter() - scheduled)
            if not ok:
                with lock:
                    failures[0] += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=run, args=(index,)) for index in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    latencies.sort()

    def percentile(share: float) -> float:
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000

    return {
        "p50": percentile(0.5),
        "p99": percentile(0.99),
        "rate": len(latencies) / elapsed,
        "failed": failures[0],
    }


# --- the pages -----------------------------------------------------------------------------


def pages(manifest: dict) -> list[dict]:
    call = manifest["largest_call_id"]
    filters = manifest.get("largest_call_filters") or {
        "theme": manifest.get("theme"),
        "status": manifest.get("status"),
    }
    listing = urllib.parse.urlencode({"call": call, **{k: v for k, v in filters.items() if v}})
    terms = manifest["search_terms"]
    searches = [
        "/search?" + urllib.parse.urlencode({"q": term})
        for pair in zip(terms["ja"], terms["en"], strict=False)
        for term in pair
    ]
    return [
        {"name": "home", "paths": ["/"], "role": None, "public": True},
        {"name": "call + funnel", "paths": [f"/calls/{call}"], "role": None, "public": True},
        {
            "name": "proposal list",
            "paths": [f"/search?{listing}&page=2", f"/search?{listing}"],
            "role": None,
            "public": True,
        },
        # Public, but its target is its latency (p95), not the ratio.
        {"name": "search", "paths": searches, "role": None, "public": None, "search": True},
        {
            "name": "proposal",
            "paths": [f"/proposals/{manifest['proposal_id']}"],
            "role": None,
            "public": True,
        },
        {
            "name": "project",
            "paths": [f"/projects/{manifest['project_id']}"],
            "role": None,
            "public": True,
        },
        {"name": "project chart", "paths": None, "role": None, "public": True},
        {
            "name": "officer submissions",
            "paths": [f"/officer/calls/{call}/submissions"],
            "role": "officer",
            "public": False,
        },
        {"name": "reviewer queue", "paths": ["/review/"], "role": "reviewer", "public": False},
        {
            "name": "mayor selection",
            "paths": [f"/mayor/calls/{manifest['selecting_call_id']}/selection"],
            "role": "mayor",
            "public": False,
        },
    ]


def resolve(base: str, page: dict, cookies: dict, project_body: bytes | None):
    """The page's working paths (the first candidate answering 200), its body size and
    the seconds one request took (or None and why)."""
    if page["name"] == "project chart":
        found = re.search(rb"/projects/\d+/indicators/\d+/chart\.svg", project_body or b"")
        if found is None:
            return None, "no chart on the project page", 0
        page["paths"] = [found.group(0).decode()]
    cookie = cookies.get(page["role"])
    if page.get("search"):
        start = time.perf_counter()
        status, body = fetch(base, page["paths"][0], cookie)
        if status == 404:
            return None, "/search answers 404: search not built, skipped", 0
        if status != 200:
            return None, f"/search answered {status}", 0
        return page["paths"], len(body), time.perf_counter() - start
    for path in page["paths"]:
        start = time.perf_counter()
        status, body = fetch(base, path, cookie)
        if status == 200:
            return [path], len(body), time.perf_counter() - start
    return None, f"{page['paths'][-1]} answered {status}", 0


def measure_database(kind: str, url: str, manifest: dict, args) -> dict:
    server = Server(url)
    try:
        password = manifest.get("password", "kyodo-scale")
        accounts = manifest["accounts"]
        cookies = {None: None}
        for role in ("officer", "reviewer", "mayor"):
            cookies[role] = log_in(server.base, accounts[role], password)
        _status, project_body = fetch(server.base, f"/projects/{manifest['project_id']}", None)
        results = []
        for page in pages(manifest):
            paths, size, seconds = resolve(server.base, page, cookies, project_body)
            # A run lasts at least a few requests of the slowest page.
            run = max(args.duration, 4 * seconds)
            row = {"name": page["name"], "public": page["public"], "role": page["role"]}
            if paths is None:
                row["note"] = size
                results.append(row)
                print(f"[{kind}] {page['name']}: {size}", flush=True)
                continue
            cookie = cookies[page["role"]]
            row.update(path=paths[0], size=size)
            # Warm both workers (compiled templates, caches) before measuring.
            wrk(server.base, paths, cookie, connections=2, duration=1)
            server.wait_idle()
            # A slow page queues behind the others: let wrk wait for it rather than count
            # it as failed (its latency shows it anyway).
            row["page"] = wrk(
                server.base,
                paths,
                cookie,
                connections=args.connections,
                duration=run,
                timeout=2 * run,
            )
            # A page slower than the run leaves the workers busy after wrk stops.
            server.wait_idle()
            limit_path = f"/_bench/body/{size}"
            row["limit"] = wrk(
                server.base,
                [limit_path],
                cookie,
                connections=args.connections,
                duration=args.duration,
            )
            limit = row["limit"]["rps"]
            row["ratio"] = row["page"]["rps"] / limit if limit else 0.0
            server.wait_idle()
            row["single"] = wrk(
                server.base, paths, cookie, connections=1, duration=run, timeout=2 * run
            )
            server.wait_idle()
            if page["public"] is False and row["page"]["rps"] == 0:
                row["note_half"] = "slower than the run: no half-load measure"
            elif page["public"] is False:
                row["half"] = paced(
                    server.base,
                    paths[0],
                    cookie,
                    rate=row["page"]["rps"] / 2,
                    duration=max(run, min(60, 10 / row["page"]["rps"])),
                )
            if page.get("search"):
                row["search"] = True
            results.append(row)
            print(
                f"[{kind}] {page['name']}: {row['page']['rps']:.0f} req/s, "
                f"limit {row['limit']['rps']:.0f}, ratio {row['ratio']:.2f}",
                flush=True,
            )
        memory = server.worker_memory()
    finally:
        server.stop()
    return {"pages": results, "workers": memory, "load": os.getloadavg()}


def single_connection(kind: str, url: str, manifest: dict, args) -> dict:
    """name -> one-connection median latency (ms) of each page on this database."""
    server = Server(url)
    try:
        password = manifest.get("password", "kyodo-scale")
        cookies = {None: None}
        for role in ("officer", "reviewer", "mayor"):
            cookies[role] = log_in(server.base, manifest["accounts"][role], password)
        _status, project_body = fetch(server.base, f"/projects/{manifest['project_id']}", None)
        medians = {}
        for page in pages(manifest):
            paths, _size, seconds = resolve(server.base, page, cookies, project_body)
            if paths is None:
                continue
            cookie = cookies[page["role"]]
            wrk(server.base, paths, cookie, connections=1, duration=1)
            server.wait_idle()
            medians[page["name"]] = wrk(
                server.base,
                paths,
                cookie,
                connections=1,
                duration=max(args.duration, 4 * seconds),
            )["p50"]
    finally:
        server.stop()
    return medians


# --- the other figures ---------------------------------------------------------------------


def knapsack() -> dict:
    from proposals.selection.knapsack import best_subset
    from tests.benchmarks.bench_knapsack import ENVELOPES, realistic_items

    timings = []
    for envelope in ENVELOPES:
        for seed in range(5):
            items = realistic_items(random.Random(seed), 500)  # noqa: S311 (reproducible data)
            start = time.perf_counter()
            best_subset(items, envelope)
            timings.append((time.perf_counter() - start) * 1000)
    return {"median": statistics.median(timings), "max": max(timings), "runs": len(timings)}


# --- the report ----------------------------------------------------------------------------


def _rate(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.2f}"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_report(kind: str, size: str, figures: dict, compare: dict | None, args) -> None:
    load = ", ".join(f"{value:.1f}" for value in figures["load"])
    print()
    print(
        f"== {kind}, size {size}: wrk 1 thread, {args.connections} connections, "
        f"{args.duration:.0f} s per run; gunicorn 2 sync workers; load average {load} =="
    )
    header = (
        f"{'page':<20} {'bytes':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'limit/s':>8} {'ratio':>6} {'1c p50':>7} {'½load p99':>9} {'target':<28} "
    )
    print(header)
    print("-" * len(header))
    failures = []
    for row in figures["pages"]:
        if "note" in row:
            print(f"{row['name']:<20} {row['note']}")
            continue
        page, single = row["page"], row["single"]
        half = row.get("half")
        checks = []
        if row["public"]:
            checks.append((f"ratio>={PUBLIC_RATIO}", row["ratio"] >= PUBLIC_RATIO))
        elif row["public"] is False:
            checks.append((f"ratio>={LOGGED_IN_RATIO}", row["ratio"] >= LOGGED_IN_RATIO))
            checks.append(
                (f"p99<={LOGGED_IN_P99_MS}ms@½", bool(half) and half["p99"] <= LOGGED_IN_P99_MS)
            )
        if row.get("search"):
            checks.append((f"p95<={SEARCH_P95_MS}ms", single["p95"] <= SEARCH_P95_MS))
        if page["failed"] or row["limit"]["failed"]:
            checks.append(("no failures", False))
        verdict = " ".join(f"{name}:{_verdict(ok)}" for name, ok in checks)
        half_p99 = f"{half['p99']:.1f}" if half else "-"
        failures += [f"{row['name']} {name}" for name, ok in checks if not ok]
        print(
            f"{row['name']:<20} {row['size']:>8,} {_rate(page['rps']):>7} {page['p50']:>7.1f} "
            f"{page['p99']:>7.1f} {row['limit']['rps']:>8.0f} {row['ratio']:>6.2f} "
            f"{single['p50']:>7.1f} {half_p99:>9} {verdict}"
        )
        if row["page"]["requests"] == 0:
            print(f"{'':<20} no request finished within a {args.duration:.0f} s run")
        if row.get("search"):
            print(
                f"{'':<20} search, one connection, ja+en terms: p50 {single['p50']:.1f} ms, "
                f"p95 {single['p95']:.1f} ms, p99 {single['p99']:.1f} ms"
            )
        if half:
            print(
                f"{'':<20} open loop at {_rate(half['rate'])} req/s (half of saturated): "
                f"p50 {half['p50']:.1f} ms, p99 {half['p99']:.1f} ms, {half['failed']} failed"
            )
    if compare:
        print()
        print(f"one-connection median latency, {size} vs {args.compare_size}:")
        for row in figures["pages"]:
            if "note" in row or row["name"] not in compare:
                continue
            large, small = row["single"]["p50"], compare[row["name"]]
            ok = large <= GROWTH * small
            if not ok:
                failures.append(f"{row['name']} growth")
            print(
                f"  {row['name']:<20} {large:7.1f} ms vs {small:7.1f} ms: x{large / small:.2f} "
                f"(<= {GROWTH}: {_verdict(ok)})"
            )
    if figures.get("export"):
        export = figures["export"]
        ok = bench_export.verdict(export) == "PASS"
        if not ok:
            failures.append("export")
        print(
            f"export /data/values.csv: {export['rows']:,} rows, {export['rows_per_second']:,.0f} "
            f"rows/s ({export['rows'] / export['cpu_seconds']:,.0f} per CPU second of the "
            f"exporting process), peak RSS {export['peak_rss_mib']:.1f} MiB: {_verdict(ok)}"
        )
    for pid, rss, hwm in figures["workers"]:
        print(f"gunicorn worker {pid}: RSS {rss / 1024:.1f} MiB, peak {hwm / 1024:.1f} MiB")
    print(f"not met on {kind}: {', '.join(failures) if failures else 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--size", default="default")
    parser.add_argument(
        "--compare-size",
        default="small",
        help="the size whose one-connection latencies the --size ones are compared with "
        "('none' to skip)",
    )
    parser.add_argument("--duration", type=float, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--reuse", help="an already filled database: SQLite path or URL")
    parser.add_argument("--manifest", help="the scale manifest of --reuse's database")
    parser.add_argument("--compare-reuse", help="an already filled --compare-size database")
    parser.add_argument("--compare-manifest", help="the scale manifest of --compare-reuse")
    parser.add_argument("--output", help="also write the figures as JSON to this file")
    parser.add_argument("--pg-server", default=DEFAULT_PG_SERVER, help="PostgreSQL server URL")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    parser.add_argument("--skip-export", action="store_true")
    args = parser.parse_args()
    # Stopped from outside: still stop gunicorn and drop the scratch databases.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    if args.reuse:
        kinds = ["postgresql" if args.reuse.startswith("postgresql") else "sqlite"]
    else:
        kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]

    timings = knapsack()
    print(
        f"knapsack, 500 proposals ({timings['runs']} calls): median {timings['median']:.1f} ms, "
        f"max {timings['max']:.1f} ms (<= {KNAPSACK_MS} ms: "
        f"{_verdict(timings['max'] <= KNAPSACK_MS)})",
        flush=True,
    )
    for kind in kinds:
        compare = None
        if args.compare_reuse:
            url = args.compare_reuse
            url = url if "://" in url else f"sqlite:///{os.path.abspath(url)}"
            with open(args.compare_manifest, encoding="utf-8") as file:
                manifest = json.load(file)
            compare = single_connection(kind, url, manifest, args)
        elif args.compare_size != "none" and not args.reuse:
            with scratch(kind, args.compare_size, args) as (url, manifest_path):
                with open(manifest_path, encoding="utf-8") as file:
                    manifest = json.load(file)
                compare = single_connection(kind, url, manifest, args)
        if compare:
            print(f"[{kind}] one-connection medians at {args.compare_size}: {compare}", flush=True)
        with scratch(kind, args.size, args) as (url, manifest_path):
            with open(manifest_path, encoding="utf-8") as file:
                manifest = json.load(file)
            figures = measure_database(kind, url, manifest, args)
            if not args.skip_export:
                database = url.removeprefix("sqlite:///") if kind == "sqlite" else url
                figures["export"] = bench_export.measure(database, "csv")
        print_report(kind, manifest.get("size", args.size), figures, compare, args)
        if args.output:
            with open(f"{args.output}.{kind}.json", "w", encoding="utf-8") as file:
                json.dump({"figures": figures, "compare": compare}, file, indent=1)
        print(
            f"knapsack 500 proposals: max {timings['max']:.1f} ms: "
            f"{_verdict(timings['max'] <= KNAPSACK_MS)}",
            flush=True,
        )


if __name__ == "__main__":
    main()
