#!/usr/bin/env python3
"""Many clients at once against the PostgreSQL store with a small pool, beside SQLite.

Starts a throwaway PostgreSQL on loopback (scripts/postgres/scratch.sh) and, one after the
other, `memtx serve --store sqlite` and `memtx serve --store postgres://…&pool_size=8`.
Against each, --clients clients at once each create a session and stream --chunks chunks
of 40–160 words into it (seq, one request at a time per client). Checks: every request
answered 200/201 (0 errors), no pool time-out or storage failure in the server's log, and
the PostgreSQL store's throughput (chunks/s) within 20 % of SQLite's.

Writes .build-reliability/results/many_clients.json; exits non-zero on a failed check.
Usage: MEMTX=.build/release/memtx scripts/replicas/many_clients.py [--clients 64] [--chunks 12]
"""
import argparse
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reliability"))
from common import Report, Server, generate_words, log, percentile, scratch_postgres, split_chunks  # noqa: E402


def load(server, clients, chunks):
    """Every client streams its own session; returns (seconds, chunk latencies, failures)."""
    documents = [split_chunks(generate_words(chunks * 160, seed=100 + c), 40, 160, seed=200 + c)[:chunks]
                 for c in range(clients)]
    latencies, failures, lock = [], [], threading.Lock()
    start = threading.Barrier(clients + 1)

    def client(index):
        start.wait()
        try:
            status, body, _ = server.json("POST", "/v1/sessions", timeout=300)
            if status != 201:
                with lock:
                    failures.append(f"client {index}: create {status} {body}")
                return
            sid = body["id"]
            for seq, text in enumerate(documents[index]):
                began = time.perf_counter()
                status, body, _ = server.json("POST", f"/v1/sessions/{sid}/chunks", {"seq": seq, "text": text}, timeout=300)
                with lock:
                    latencies.append(time.perf_counter() - began)
                    if status != 200:
                        failures.append(f"client {index}: seq {seq}: {status} {body}")
        except Exception as error:  # noqa: BLE001 (a transport error is a failure to report)
            with lock:
                failures.append(f"client {index}: {error!r}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, latencies, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--chunks", type=int, default=12, help="chunks per client")
    parser.add_argument("--pool", type=int, default=8, help="pool_size of the PostgreSQL store")
    args = parser.parse_args()
    report = Report("many_clients")
    with scratch_postgres("memtx-many-clients-pg-") as url:
        compare(url, args, report)
    return report.finish()


def compare(url, args, report):
    """The same load against SQLite, then against PostgreSQL on `url`; checks and figures into `report`."""
    separator = "&" if "?" in url else "?"
    stores = {"sqlite": "sqlite", "postgres": f"{url}{separator}pool_size={args.pool}"}
    throughput = {}
    for name, store in stores.items():
        server = Server("--store", store, "--max-sessions", str(args.clients * 2), name=name)
        server.start()
        try:
            seconds, latencies, failures = load(server, args.clients, args.chunks)
            log_text = open(server.log_path, encoding="utf-8", errors="replace").read().lower()
        finally:
            server.stop()
        for failure in failures[:5]:
            report.fail(f"{name}: {failure}")
        report.check(not failures, f"{name}: {len(failures)} failed requests")
        pool_trouble = [word for word in ("timeout", "timed out", "storage_unavailable", "postgresql failed")
                        if word in log_text]
        report.check(not pool_trouble, f"{name}: the server log mentions {pool_trouble}")
        throughput[name] = len(latencies) / seconds
        report.figure(f"{name}_chunks", len(latencies))
        report.figure(f"{name}_seconds", round(seconds, 2))
        report.figure(f"{name}_chunks_per_s", round(throughput[name], 1))
        report.figure(f"{name}_latency_ms_p50", round(statistics.median(latencies) * 1000, 1))
        report.figure(f"{name}_latency_ms_p95", round(percentile(latencies, 95) * 1000, 1))
        report.figure(f"{name}_errors", len(failures))
        log(f"{name}: {len(latencies)} chunks from {args.clients} clients in {seconds:.1f} s, {len(failures)} failures")
    ratio = throughput["postgres"] / throughput["sqlite"]
    report.figure("clients", args.clients)
    report.figure("pool_size", args.pool)
    report.figure("postgres_over_sqlite_throughput", round(ratio, 3))
    report.check(ratio >= 0.8, f"PostgreSQL's throughput is {ratio:.2f} of SQLite's (at least 0.8 expected)")


if __name__ == "__main__":
    sys.exit(main())
