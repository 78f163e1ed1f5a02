"""Load test of POST /api/chat on 127.0.0.1: requests/s and latency percentiles.

    python -m bench.load [--workers 1] [--requests 240] [--concurrency 1,8,32]

Starts `python -m bot serve` on a free local port over the bundled knowledge base (the
index in ./data, built on first start), then sends a bounded number of questions at each
concurrency level with an async client, and samples the server's memory (RSS, all workers).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil

QUESTIONS = [
    "How much does an e-visa cost?", "Quelle est la capitale du Viet Nam ?", "电子签证的有效期是多久？",
    "Сколько действует электронная виза?", "¿Qué número llamo en caso de emergencia?", "ベトナムの通貨は何ですか？",
    "베트남의 수도는 어디인가요?", "Wann ist der Nationalfeiertag von Vietnam?", "ما هي عاصمة فيتنام؟",
    "เวียดนามเข้าร่วมอาเซียนเมื่อใด", "Lệ phí thị thực điện tử là bao nhiêu?", "What is Viet Nam's position on the East Sea?",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def questions() -> list[str]:
    golden = Path("bench/golden/golden.jsonl")
    if golden.exists():
        return [
            json.loads(line)["question"] for line in golden.read_text().splitlines() if line.strip()
        ]
    return QUESTIONS


async def level(url: str, concurrency: int, total: int, pool: list[str]) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        for i in counter:
            started = time.perf_counter()
            r = await client.post(f"{url}/api/chat", json={"message": pool[i % len(pool)]})
            latencies.append((time.perf_counter() - started) * 1000)
            errors += r.status_code != 200

    async with httpx.AsyncClient(timeout=60) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    return {
        "rps": total / elapsed,
        "p50": statistics.median(latencies),
        "p95": pick(0.95),
        "p99": pick(0.99),
        "errors": errors,
    }


def rss(proc: psutil.Process) -> int:
    try:
        return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)])
    except psutil.Error:
        return 0


async def run(args: argparse.Namespace) -> None:
    port = free_port()
    env = {**os.environ, "ASKVN_RATE_LIMIT_IP": "1000000/minute", "ASKVN_RATE_LIMIT_SESSION": "1000000/minute",
           "ASKVN_LOG_LEVEL": "WARNING", "ASKVN_TELEGRAM_TOKEN": ""}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", str(port), "--workers", str(args.workers)],
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    proc = psutil.Process(server.pid)
    peak = 0
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(600):
                try:
                    if (await client.get(f"{url}/api/health")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.5)
        pool = questions()
        await level(url, 4, 24, pool)  # warm-up
        print(
            f"POST /api/chat, {args.workers} worker(s), {args.requests} requests per level, {len(pool)} distinct questions"
        )
        print(
            f"{'clients':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
        )
        for c in args.concurrency:
            task = asyncio.create_task(level(url, c, args.requests, pool))
            while not task.done():
                peak = max(peak, rss(proc))
                await asyncio.sleep(0.2)
            m = task.result()
            print(
                f"{c:>8} {m['rps']:>8.1f} {m['p50']:>8.0f} {m['p95']:>8.0f} {m['p99']:>8.0f} {int(m['errors']):>7}"
            )
        print(f"server peak RSS (all processes): {peak / 2**20:.0f} MB")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--requests", type=int, default=240)
    parser.add_argument(
        "--concurrency", type=lambda s: [int(x) for x in s.split(",")], default=[1, 8, 32]
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
