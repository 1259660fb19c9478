"""Time the public search over 100,000 proposals, per backend (run by hand; pytest does not
collect it).

    PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_search.py
        [--backend sqlite|postgresql|both] [--proposals 100000] [--repeat 30]
        [--postgres-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--keep]
        [--reuse URL]

Fills a scratch database with ``--proposals`` proposals of mixed Japanese and English text
(bulk inserts with its own small filler; 10% drafts, which must never be found), in a SQLite
file under /tmp, and in a PostgreSQL database it creates beside ``--postgres-url`` and drops
afterwards (never ``test``). Then it asks GET /search through the application (the Flask test
client: form checks, the queries and the template, no network) for a set of Japanese and
English queries, with and without filters, on page 1 and on a deep page (the public-page
cache switched off, so every request runs the search), and prints
p50 / p95 / max server time per query and over all of them.

Target (issue 5): p95 <= 30 ms, Japanese and English queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import secrets
import statistics
import sys
import time

import sqlalchemy as sa

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from proposals import create_app  # noqa: E402
from proposals.extensions import db  # noqa: E402
from proposals.search import index  # noqa: E402

TARGET_P95_MS = 30.0
CALLS = 200
GROUPS = 10_000
USERS = 2_000

JA_WORDS = (  # noqa: SIM905 (a word list reads better as text)
    "防災 子育て 福祉 高齢者 見守り 地域 交流 支援 環境 清掃 公園 図書館 読み聞かせ 国際 外国人 "
    "日本語教室 障害者 就労 訓練 講座 活動 サロン 居場所 食堂 こども 自治会 防犯 "
    "パトロール 健康 体操 "
    "文化 祭り 音楽 手話 相談 青少年 学習 農園 河川 自然 観察 配食 買い物 送迎 介護 予防 認知症 "
    "ボランティア 協働 市民 講習 避難 備蓄 マップ 多文化 共生 通訳 居住 団地 商店街 空き家 緑化"
).split()
EN_WORDS = (  # noqa: SIM905 (a word list reads better as text)
    "disaster prevention childcare support network elderly watch community centre exchange "
    "environment river clean park library storytelling international residents japanese class "
    "disability employment training course activity salon place dinner children association "
    "safety patrol health exercise culture festival music sign language counselling youth "
    "learning garden nature observation meals shopping transport care dementia volunteers "
    "partnership citizens workshop evacuation stockpile map multicultural interpreting housing "
    "estate shopping street vacant houses greening"
).split()
JA_JOINERS = ("の", "と", "による", "を通じた", "のための", "")


def _ja_phrase(rng: random.Random, words: int) -> str:
    parts = [rng.choice(JA_WORDS)]
    for _ in range(words - 1):
        parts.append(rng.choice(JA_JOINERS) + rng.choice(JA_WORDS))
    return "".join(parts)


def _en_phrase(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(EN_WORDS) for _ in range(words))


def _texts(rng: random.Random) -> tuple[str, str]:
    """(title, summary): 45% Japanese, 45% English, 10% mixed."""
    kind = rng.random()
    if kind < 0.45:
        title = _ja_phrase(rng, rng.randint(2, 4))
        summary = "。".join(_ja_phrase(rng, rng.randint(3, 6)) for _ in range(rng.randint(2, 5)))
    elif kind < 0.9:
        title = _en_phrase(rng, rng.randint(3, 6)).capitalize()
        summary = ". ".join(
            _en_phrase(rng, rng.randint(6, 12)).capitalize() for _ in range(rng.randint(2, 4))
        )
    else:
        title = _ja_phrase(rng, 2) + " " + _en_phrase(rng, 2)
        summary = _ja_phrase(rng, 4) + "。" + _en_phrase(rng, 10).capitalize() + "."
    return title[:200], summary[:500]


def fill(proposals: int, seed: int = 1) -> None:
    """Bulk-insert users, groups, closed calls and ``proposals`` proposals with themes."""
    from proposals.accounts.models import User
    from proposals.calls.models import Call
    from proposals.groups.models import Group, GroupKind
    from proposals.submissions.models import Proposal, ProposalState, ProposalTheme
    from proposals.themes import Theme

    rng = random.Random(seed)  # noqa: S311 (reproducible data, not secrets)
    now = dt.datetime.now(dt.UTC)
    connection = db.session.connection()
    # Load without the triggers, then build the index in one pass (what a bulk loader does).
    index.uninstall(connection)
    connection.execute(
        sa.insert(User.__table__),
        [
            {
                "id": n,
                "email": f"bench{n}@example.org",
                "display_name": f"Bench {n}",
                "password_hash": "x",
                "session_token": f"{n:032d}",
                "is_disabled": False,
                "created_at": now,
            }
            for n in range(1, USERS + 1)
        ],
    )
    kinds = list(GroupKind)
    group_rows = []
    for n in range(1, GROUPS + 1):
        name = (
            f"{_ja_phrase(rng, 2)}の会 {n}" if n % 2 else f"{_en_phrase(rng, 2).title()} Club {n}"
        )
        group_rows.append(
            {
                "id": n,
                "name": name,
                "kind": rng.choice(kinds),
                "representative_id": rng.randint(1, USERS),
                "contact_email": "group@example.org",
                "description": "",
                "created_at": now,
            }
        )
    connection.execute(sa.insert(Group.__table__), group_rows)
    call_rows = []
    for n in range(1, CALLS + 1):
        closes = now - dt.timedelta(days=10 + 30 * n)
        call_rows.append(
            {
                "id": n,
                "title": f"Citizen Partnership call {n}",
                "fiscal_year": 2026 - n // 4,
                "description": "",
                "opens_at": closes - dt.timedelta(days=30),
                "closes_at": closes,
                "timezone": "Asia/Tokyo",
                "budget_envelope": 100_000_000,
                "max_per_proposal": 2_000_000,
                "reviewers_per_proposal": 2,
                "selected_total": 0,
                "created_by_id": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
    connection.execute(sa.insert(Call.__table__), call_rows)
    closes_at = {row["id"]: row["closes_at"] for row in call_rows}
    themes = list(Theme)
    states = (
        [ProposalState.DRAFT] * 10
        + [ProposalState.SUBMITTED] * 25
        + [ProposalState.ELIGIBLE] * 35
        + [ProposalState.INELIGIBLE] * 10
        + [ProposalState.SELECTED] * 8
        + [ProposalState.NOT_SELECTED] * 7
        + [ProposalState.WITHDRAWN] * 5
    )
    batch = []
    tags = []
    for n in range(1, proposals + 1):
        call_id = rng.randint(1, CALLS)
        closes = closes_at[call_id]
        state = rng.choice(states)
        title, summary = _texts(rng)
        row = {
            "id": n,
            "call_id": call_id,
            "group_id": rng.randint(1, GROUPS),
            "created_by_id": rng.randint(1, USERS),
            "state": state,
            "title": title,
            "summary": summary,
            "need": "",
            "activities": "",
            "department": "",
            "group_role": "",
            "city_role": "",
            "beneficiaries": "",
            "timeline": "",
            "requested_total": rng.randrange(300, 2001) * 1000,
            "submitted_at": None if state is ProposalState.DRAFT else closes - dt.timedelta(days=2),
            "withdrawn_at": None,
            "withdrawal_reason": None,
            "eligibility_decided_at": None,
            "ineligibility_reason": None,
            "created_at": now,
            "updated_at": now,
        }
        if state is ProposalState.WITHDRAWN:
            # Half withdrawn while the window was open (never public), half afterwards.
            row["withdrawn_at"] = closes + dt.timedelta(days=rng.choice((-1, 1)))
            row["withdrawal_reason"] = "Changed plans."
        if state in (
            ProposalState.ELIGIBLE,
            ProposalState.INELIGIBLE,
            ProposalState.SELECTED,
            ProposalState.NOT_SELECTED,
        ):
            row["eligibility_decided_at"] = closes + dt.timedelta(days=3)
        if state is ProposalState.INELIGIBLE:
            row["ineligibility_reason"] = "Outside the city."
        batch.append(row)
        tags.extend(
            {"proposal_id": n, "theme": theme} for theme in rng.sample(themes, rng.randint(1, 2))
        )
        if len(batch) == 5000:
            connection.execute(sa.insert(Proposal.__table__), batch)
            connection.execute(sa.insert(ProposalTheme.__table__), tags)
            batch, tags = [], []
            print(f"  {n:,} proposals", end="\r", flush=True)
    if batch:
        connection.execute(sa.insert(Proposal.__table__), batch)
        connection.execute(sa.insert(ProposalTheme.__table__), tags)
    if connection.dialect.name == "postgresql":
        for table in ("users", "groups", "calls", "proposals"):
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
    started = time.perf_counter()
    index.install(connection)  # creates the index and its triggers, fills it from the rows
    db.session.commit()
    db.session.execute(sa.text("ANALYZE"))
    db.session.commit()
    print(f"  {proposals:,} proposals; index built in {time.perf_counter() - started:.1f} s")


def scratch_postgres_database(base_url: str):
    """Create ``kyodo_bench_search_<random>`` beside ``base_url``; return its URL and a dropper."""
    url = sa.engine.make_url(base_url)
    name = f"kyodo_bench_search_{secrets.token_hex(4)}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop():
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


def cases(first_call: int, theme: str) -> list[tuple[str, str]]:
    """(label, query string) pairs: Japanese 2- and 3+-character words, English, filters, pages."""
    return [
        ("ja 2 chars 防災", "q=防災"),
        ("ja 2 chars 子育", "q=子育"),
        ("ja 2 chars 福祉", "q=福祉"),
        ("ja 3+ 子育て支援", "q=子育て支援"),
        ("ja 3+ 読み聞かせ", "q=読み聞かせ"),
        ("ja two words 防災 訓練", "q=防災 訓練"),
        ("ja no match 宇宙開発", "q=宇宙開発"),
        ("en disaster", "q=disaster"),
        ("en Community Centre", "q=Community Centre"),
        ("en 2 chars 'ex'", "q=ex"),
        ("en no match xylophone", "q=xylophone"),
        ("mixed 防災 volunteers", "q=防災 volunteers"),
        ("ja 防災 + status", "q=防災&status=eligible"),
        ("ja 福祉 + call", f"q=福祉&call={first_call}"),
        ("en disaster + theme", f"q=disaster&theme={theme}"),
        ("en park + status+theme", f"q=park&status=selected&theme={theme}"),
        ("ja 防災 page 40", "q=防災&page=40"),
        ("en care page 40", "q=care&page=40"),
        ("filters only, page 20", f"status=eligible&theme={theme}&page=20"),
        ("group name 'Club 77'", "q=Club 77"),
    ]


def measure(app, repeat: int) -> list[tuple[str, list[float], str]]:
    client = app.test_client()
    rows = []
    with app.app_context():
        for label, query in cases(first_call=CALLS // 2, theme="disaster"):
            url = "/search?" + query
            response = client.get(url)  # warm-up; also checks that the page works
            assert response.status_code == 200, (url, response.status_code)
            html = response.get_data(as_text=True)
            count = html.split('class="result-count" role="status">', 1)[1].split("</p>", 1)[0]
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            rows.append((label, timings, " ".join(count.split())))
    return rows


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def report(backend: str, rows) -> bool:
    print(f"\n{backend}: GET /search server time (ms), {len(rows[0][1])} runs each")
    print(f"{'query':32} {'p50':>7} {'p95':>7} {'max':>7}  results")
    everything = []
    for label, timings, count in rows:
        everything += timings
        print(
            f"{label:32} {statistics.median(timings):7.1f} {_p95(timings):7.1f} "
            f"{max(timings):7.1f}  {count}"
        )
    p95 = _p95(everything)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"(load average while measuring: {load}, on {os.cpu_count()} CPUs)")
    print(
        f"{'ALL':32} {statistics.median(everything):7.1f} {p95:7.1f} {max(everything):7.1f}"
        f"  target p95 <= {TARGET_P95_MS:.0f} ms: {'met' if p95 <= TARGET_P95_MS else 'NOT MET'}"
    )
    return p95 <= TARGET_P95_MS


def run(backend: str, url: str, proposals: int, repeat: int, reuse: bool = False) -> bool:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": secrets.token_hex(8),
            "TESTING": False,
            # The page cache would answer every repeat: measure the search itself.
            "CACHE_ENABLED": False,
        }
    )
    if not reuse:
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            print(f"{backend}: filling {url.split('@')[-1]}")
            fill(proposals)
            print(f"  filled in {time.perf_counter() - started:.1f} s")
            db.session.remove()
    rows = measure(app, repeat)
    with app.app_context():
        db.engine.dispose()
    return report(backend, rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--postgres-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--keep", action="store_true", help="leave the scratch databases")
    parser.add_argument(
        "--reuse",
        metavar="URL",
        help="measure an already filled database (kept by --keep) instead of filling one",
    )
    args = parser.parse_args()
    met = True
    if args.reuse:
        backend = "PostgreSQL" if args.reuse.startswith("postgresql") else "SQLite"
        sys.exit(0 if run(backend, args.reuse, args.proposals, args.repeat, reuse=True) else 1)
    if args.backend in ("sqlite", "both"):
        path = "/tmp/kyodo-bench-search.sqlite3"  # noqa: S108 (a scratch file, by design)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        met &= run("SQLite", f"sqlite:///{path}", args.proposals, args.repeat)
        if not args.keep:
            os.remove(path)
    if args.backend in ("postgresql", "both"):
        if sa.engine.make_url(args.postgres_url).database == "test":
            sys.exit("refusing to use the database named test")
        url, drop = scratch_postgres_database(args.postgres_url)
        try:
            met &= run("PostgreSQL", url, args.proposals, args.repeat)
        finally:
            if not args.keep:
                drop()
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
