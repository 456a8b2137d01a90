"""EXPLAIN ANALYZE the queries the main pages run for the largest account of the hosted set.

Signs in as the largest account, requests each main page (bench/hosted_pages.py) with
Django's test client, captures every SELECT it runs, and runs `EXPLAIN (ANALYZE, FORMAT
JSON)` on each. A plan fails when it reads a big table (10,000 rows or more) with a Seq
Scan, or through an index whose first column is not `owner_id`. Two lookups are bounded
without it, and pass: by primary key (one row), and by one parent row's id through its
foreign-key index (one contact's conversations: the parent is the account's already).
Exits 1 and names each failing query; the plans go to bench-results/explain-hosted.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIG = 10_000
SCANS = ("Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Index Scan")


def catalog() -> tuple[dict[str, float], dict[str, tuple[str, str, bool]]]:
    """Rows per table, and per index: its table, first column and whether it is a primary key."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = 'public'::regnamespace"
        )
        rows = {name: float(count) for name, count in cursor.fetchall()}
        cursor.execute(
            """
            SELECT i.relname, t.relname, coalesce(a.attname, '(expression)'), x.indisprimary
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
            WHERE t.relnamespace = 'public'::regnamespace
            """
        )
        indexes = {name: (table, first, primary) for name, table, first, primary in cursor}
    return rows, indexes


def scans(node: dict[str, Any]) -> list[dict[str, Any]]:
    """Every scan node in a plan tree."""
    found = [node] if node.get("Node Type") in SCANS else []
    for child in node.get("Plans", []):
        found += scans(child)
    return found


def judge(
    node: dict[str, Any], rows: dict[str, float], indexes: dict[str, tuple[str, str, bool]]
) -> str:
    """Why this scan is wrong at this size, or "" when it is right."""
    index = node.get("Index Name", "")
    table = node.get("Relation Name") or indexes.get(index, ("", "", False))[0]
    if rows.get(table, 0) < BIG:
        return ""
    if node["Node Type"] == "Seq Scan":
        return f"Seq Scan on {table} ({rows[table]:,.0f} rows)"
    _, first, primary = indexes.get(index, (table, "?", False))
    one_parent = first.endswith("_id") and f"({first} = " in node.get("Index Cond", "")
    if primary or first == "owner_id" or one_parent:
        return ""
    return f"{node['Node Type']} on {table} through {index}, led by {first}, not owner_id"


def _scan(node: dict[str, Any]) -> str:
    return " ".join(
        filter(None, [node["Node Type"], node.get("Relation Name"), node.get("Index Name")])
    )


def explain(sql: str) -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        result = cursor.fetchone()[0]
    plan = result[0] if isinstance(result, list) else json.loads(result)[0]
    return dict(plan)


def check(email: str) -> dict[str, Any]:
    """Request each page as `email`; explain and judge every SELECT it ran."""
    import hosted_pages
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    user = get_user_model().objects.get(username=email)
    client = Client()
    client.force_login(user)
    rows, indexes = catalog()
    seen: set[str] = set()
    results: list[dict[str, Any]] = []
    for page, path in hosted_pages.paths(user).items():
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        if status != 200:
            results.append({"page": page, "path": path, "failures": [f"answered {status}"]})
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or sql in seen:
                continue
            seen.add(sql)
            plan = explain(sql)
            nodes = scans(plan["Plan"])
            failures = [why for node in nodes if (why := judge(node, rows, indexes))]
            results.append(
                {
                    "page": page,
                    "path": path,
                    "sql": sql,
                    "ms": round(plan["Execution Time"], 2),
                    "scans": [_scan(n) for n in nodes],
                    "failures": failures,
                }
            )
    return {"account": email, "big_table_rows": BIG, "queries": results}


def report(results: dict[str, Any]) -> int:
    failed = [q for q in results["queries"] if q["failures"]]
    slowest = sorted(results["queries"], key=lambda q: -q.get("ms", 0))[:5]
    print(f"{len(results['queries'])} distinct queries on {results['account']}'s main pages")
    for query in slowest:
        print(f"  {query.get('ms', 0):8.2f} ms  {query['page']:20}  {', '.join(query['scans'])}")
    for query in failed:
        print(f"FAIL {query['page']} ({query['path']}): {'; '.join(query['failures'])}")
        print(f"     {query.get('sql', '')[:300]}")
    if not failed:
        print("every plan reads big tables through an index led by owner_id (or a primary key)")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    import hosted_data

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", default=hosted_data.SERVER)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    args = parser.parse_args(argv)
    os.environ.setdefault("PARTING_HOME", "/tmp/parting-bench-hosted-home")  # noqa: S108
    info = hosted_data.ensure(args.server)
    results = check(info["largest_email"])
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "explain-hosted.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    status = report(results)
    print(f"wrote {path}")
    return status


if __name__ == "__main__":
    sys.exit(main())
