"""CPU time the `parting serve` process spends per request, page by page: sequential requests
on the cached bench account (bench_serve.py builds it), the process's and its children's CPU
read from /proc before and after.

    .venv/bin/python bench/serve_cpu.py login today [leads …]

Steadier than requests per second on a shared machine: another process's load slows the
requests but does not add to this process's CPU time.
"""

from __future__ import annotations

import os
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_serve


def cpu_seconds(pid: int) -> float:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    total = 0
    for each in [pid, *map(int, children)]:
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def main(pages: list[str]) -> int:
    db, meta = bench_serve.cached_account(bench_serve.parse([]))
    urls = bench_serve.page_urls(meta)
    with bench_serve.served("after", db, None) as server:
        server.start()
        server.sign_in()
        assert server.process is not None
        for key in pages or ["login", "today"]:
            headers = {} if key == "login" else {"Cookie": server.cookie}
            request = urllib.request.Request(server.base + urls[key], headers=headers)  # noqa: S310
            for _ in range(20):  # warm up
                urllib.request.urlopen(request).read()  # noqa: S310 (loopback)
            n = 300 if key == "login" else 100
            cpu, wall = cpu_seconds(server.process.pid), time.perf_counter()
            for _ in range(n):
                urllib.request.urlopen(request).read()  # noqa: S310
            cpu = (cpu_seconds(server.process.pid) - cpu) / n * 1000
            wall = (time.perf_counter() - wall) / n * 1000
            print(f"{key:18} {cpu:6.1f} ms CPU a request   {wall:6.1f} ms wall")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
