#!/usr/bin/env python3
"""Latency of the public transparency portal: REQUESTS requests per path over
CONNECTIONS keep-alive connections at once (standard library only). Prints the
median, p95, p99 and maximum in milliseconds for each path.

    python3 bench/portal_latency.py http://127.0.0.1:8080 /transparency /transparency/elderly_65.csv
"""
import http.client
import os
import statistics
import sys
import threading
import time
import urllib.parse

REQUESTS = int(os.environ.get("REQUESTS", "2000"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "8"))


def worker(base, path, count, out):
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    for _ in range(count):
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        out.append((time.perf_counter() - start) * 1000.0)
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
    conn.close()


def percentile(sorted_ms, p):
    return sorted_ms[min(len(sorted_ms) - 1, int(round(p / 100.0 * len(sorted_ms))) - 1)]


def main():
    base, paths = sys.argv[1], sys.argv[2:]
    for path in paths:
        samples = []
        threads = [
            threading.Thread(target=worker, args=(base, path, REQUESTS // CONNECTIONS, samples))
            for _ in range(CONNECTIONS)
        ]
        wall = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - wall
        samples.sort()
        print(
            f"path={path} requests={len(samples)} connections={CONNECTIONS} "
            f"p50_ms={statistics.median(samples):.2f} p95_ms={percentile(samples, 95):.2f} "
            f"p99_ms={percentile(samples, 99):.2f} max_ms={samples[-1]:.2f} "
            f"per_s={len(samples) / wall:.0f}"
        )


if __name__ == "__main__":
    main()
