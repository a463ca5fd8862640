#!/usr/bin/env python3
"""Load: many concurrent clients, each running whole session lives (create, stream chunks,
labels, memory, a query, a one-shot POST /v1/label, delete), in rounds, on threads with
keep-alive connections (standard library only).

Phase 1, below the limits (default flags): every request must succeed (errors 0); prints
requests/s and p50/p99 latency per route; samples the server's VmRSS/VmHWM from
/proc/PID/status during and after each round, and requires RSS after the last round to be
at most 1.5 x RSS after the first (memory is bounded as sessions come and go), and
memtx_sessions_active back to 0.

Phase 2, above the limits (--max-sessions 5 --max-queue 4): more clients than sessions and
queue slots; every excess request must get 429 with Retry-After and a JSON error, and
nothing else (no 5xx, no dropped connection), and 429 must actually happen.

Usage: load.py [--fast]
"""
import http.client
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (HOST, Report, Sampler, Server, error_shape_problem, generate_words, log,  # noqa: E402
                    percentile, split_chunks)


class Client:
    """One keep-alive connection; records (route, status, seconds) of every request."""

    def __init__(self, port, records, lock):
        self.port, self.records, self.lock = port, records, lock
        self.conn = None

    def call(self, route, method, path, payload=None, timeout=120):
        body = None if payload is None else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"} if body is not None else {}
        started = time.monotonic()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
            status, rheaders = response.status, {k.lower(): v for k, v in response.getheaders()}
            if response.will_close:
                self.close()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            status, rheaders, data = None, {}, str(error).encode()
        elapsed = time.monotonic() - started
        with self.lock:
            self.records.append((route, status, elapsed))
        parsed = None
        if data and rheaders.get("content-type", "").startswith("application/json"):
            try:
                parsed = json.loads(data)
            except ValueError:
                pass
        return status, parsed, rheaders, data

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def session_life(client, chunks, errors, lock):
    """Create, stream, read labels, memory and a query, label a short text, delete."""
    def bad(what, status, data):
        with lock:
            errors.append(f"{what}: {status} {data[:160]!r}")

    status, body, _, data = client.call("POST /v1/sessions", "POST", "/v1/sessions", {})
    if status != 201:
        return bad("create", status, data)
    sid = body["id"]
    for seq, text in enumerate(chunks):
        status, _, _, data = client.call("POST chunks", "POST", f"/v1/sessions/{sid}/chunks",
                                         {"seq": seq, "text": text, "labels": seq % 2 == 1})
        if status != 200:
            bad(f"chunk {seq}", status, data)
    status, body, _, data = client.call("GET labels", "GET", f"/v1/sessions/{sid}/labels?limit=500")
    if status != 200:
        bad("labels", status, data)
    status, _, _, data = client.call("GET memory", "GET", f"/v1/sessions/{sid}/memory")
    if status != 200:
        bad("memory", status, data)
    status, _, _, data = client.call("POST query", "POST", f"/v1/sessions/{sid}/query",
                                     {"type": "lookup", "word": "Blackburn"})
    if status != 200:
        bad("query", status, data)
    status, _, _, data = client.call("POST /v1/label", "POST", "/v1/label", {"text": chunks[0]})
    if status != 200:
        bad("label", status, data)
    status, _, _, data = client.call("DELETE session", "DELETE", f"/v1/sessions/{sid}")
    if status != 204:
        bad("delete", status, data)


def metric(server, name):
    status, _, data = server.request("GET", "/metrics")
    for line in data.decode().splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.split()[-1])
    return None


def below_limits(report, workers, rounds, lives, chunks_per_life, words_per_chunk):
    log(f"  phase 1: {workers} concurrent clients x {lives} session lives x {rounds} rounds, "
        f"{chunks_per_life} chunks of ~{words_per_chunk} words each")
    texts = split_chunks(generate_words(chunks_per_life * words_per_chunk * 4, seed=7), words_per_chunk,
                         words_per_chunk, seed=7)
    records, errors, lock = [], [], threading.Lock()
    rss_after = []
    with Server(name="load") as server, Sampler(server) as sampler:
        idle_rss = server.memory_kib()[0]
        started = time.monotonic()
        for r in range(rounds):
            def worker(w):
                client = Client(server.port, records, lock)
                for life in range(lives):
                    offset = (w + life) % 4 * chunks_per_life
                    session_life(client, texts[offset:offset + chunks_per_life], errors, lock)
                client.close()
            threads = [threading.Thread(target=worker, args=(w,)) for w in range(workers)]
            round_start = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            time.sleep(1.0)
            rss_after.append(server.memory_kib()[0])
            log(f"    round {r + 1}: {time.monotonic() - round_start:.1f} s, RSS after {rss_after[-1] / 1024:.0f} MiB")
        elapsed = time.monotonic() - started
        active = metric(server, "memtx_sessions_active")
        rss, hwm = server.memory_kib()
    latencies = [e for _, s, e in records]
    report.figure("p1_clients", workers)
    report.figure("p1_sessions", workers * lives * rounds)
    report.figure("p1_requests", len(records))
    report.figure("p1_requests_per_s", round(len(records) / elapsed, 1))
    report.figure("p1_p50_ms", round(percentile(latencies, 50) * 1000, 1))
    report.figure("p1_p99_ms", round(percentile(latencies, 99) * 1000, 1))
    report.figure("p1_errors", len(errors))
    report.figure("rss_idle_mib", round(idle_rss / 1024, 1))
    report.figure("rss_after_rounds_mib", [round(x / 1024, 1) for x in rss_after])
    report.figure("rss_peak_sampled_mib", round(sampler.peak / 1024, 1))
    report.figure("vmhwm_mib", round(hwm / 1024, 1))
    routes = sorted({route for route, _, _ in records})
    for route in routes:
        times = [e for r, _, e in records if r == route]
        log(f"    {route:18} {len(times):6} requests  p50 {percentile(times, 50) * 1000:8.1f} ms  "
            f"p99 {percentile(times, 99) * 1000:8.1f} ms")
    for error in errors[:10]:
        report.fail(f"phase 1 error: {error}")
    report.check(not errors, f"phase 1: {len(errors)} errors below the limits")
    report.check(rss_after[-1] <= 1.5 * rss_after[0],
                 f"RSS grew from {rss_after[0]} KiB after round 1 to {rss_after[-1]} KiB after round {rounds}")
    report.check(active == 0, f"memtx_sessions_active is {active} after every session was deleted")


def above_limits(report, clients, seconds):
    max_sessions, max_queue = 5, 4
    log(f"  phase 2: --max-sessions {max_sessions} --max-queue {max_queue}, {clients} concurrent clients for ~{seconds} s")
    records, lock = [], threading.Lock()
    problems = []
    statuses = {}

    def judge(what, status, headers, data, allowed):
        with lock:
            statuses[status] = statuses.get(status, 0) + 1
        if status == 429:
            problem = error_shape_problem(status, headers, data)
            if problem:
                with lock:
                    problems.append(f"{what}: {problem}")
        elif status not in allowed:
            with lock:
                problems.append(f"{what}: {status} {data[:160]!r}")

    words = generate_words(3000, seed=11)
    long_text = " ".join(words)
    with Server("--max-sessions", str(max_sessions), "--max-queue", str(max_queue), name="load-limits") as server:
        # Sessions: everyone tries to create one and hold it.
        held, barrier = [], threading.Barrier(clients)

        def grab(_):
            client = Client(server.port, records, lock)
            barrier.wait()
            status, body, headers, data = client.call("create (table full)", "POST", "/v1/sessions", {})
            judge("create", status, headers, data, (201,))
            if status == 201:
                with lock:
                    held.append(body["id"])
            client.close()
        threads = [threading.Thread(target=grab, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        report.check(len(held) == max_sessions, f"{len(held)} sessions created with --max-sessions {max_sessions}")
        sessions_refused = statuses.get(429, 0)
        # The table frees up as sessions are deleted.
        client = Client(server.port, records, lock)
        for sid in held[1:]:
            status, _, headers, data = client.call("delete", "DELETE", f"/v1/sessions/{sid}")
            judge("delete", status, headers, data, (204,))
        status, body, headers, data = client.call("create after delete", "POST", "/v1/sessions", {})
        judge("create after delete", status, headers, data, (201,))
        sids = held[:1] + ([body["id"]] if status == 201 else [])
        report.check(status == 201, f"create after deleting sessions: {status}")
        client.close()

        # Queue: clients label long documents and append chunks as fast as they can.
        deadline = time.monotonic() + seconds
        seqs = {sid: 0 for sid in sids}

        def hammer(i):
            client = Client(server.port, records, lock)
            while time.monotonic() < deadline:
                if i % 4 == 0 and sids:
                    sid = sids[i // 4 % len(sids)]
                    with lock:
                        seq = seqs[sid]
                    status, body, headers, data = client.call(
                        "append (queue full)", "POST", f"/v1/sessions/{sid}/chunks",
                        {"seq": seq, "text": " ".join(words[:200]) + " "})
                    judge("append", status, headers, data, (200, 409))
                    if status == 200 and not body["replayed"]:
                        with lock:
                            seqs[sid] = max(seqs[sid], seq + 1)
                else:
                    status, _, headers, data = client.call("label (queue full)", "POST", "/v1/label", {"text": long_text})
                    judge("label", status, headers, data, (200,))
                if status == 429:
                    time.sleep(0.05)
            client.close()
        threads = [threading.Thread(target=hammer, args=(i,)) for i in range(clients)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        status, _, _ = server.request("GET", "/health/ready")
        report.check(status == 200, f"GET /health/ready {status} after the overload")
        rss, hwm = server.memory_kib()
    queue_refused = statuses.get(429, 0) - sessions_refused
    report.figure("p2_clients", clients)
    report.figure("p2_requests", sum(statuses.values()))
    report.figure("p2_requests_per_s", round(sum(statuses.values()) / elapsed, 1))
    report.figure("p2_statuses", {str(k): v for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0]))})
    report.figure("p2_sessions_refused_429", sessions_refused)
    report.figure("p2_queue_refused_429", queue_refused)
    report.figure("p2_vmhwm_mib", round(hwm / 1024, 1))
    for problem in problems[:10]:
        report.fail(f"phase 2: {problem}")
    report.check(not problems, f"phase 2: {len(problems)} answers other than success or 429 with Retry-After")
    report.check(sessions_refused == clients - max_sessions,
                 f"{sessions_refused} session creations refused with 429, expected {clients - max_sessions}")
    report.check(queue_refused > 0, "the queue limit was never hit: no 429 in the queue phase")


def main():
    fast = "--fast" in sys.argv
    report = Report("load")
    try:
        if fast:
            below_limits(report, workers=8, rounds=3, lives=2, chunks_per_life=4, words_per_chunk=150)
            above_limits(report, clients=16, seconds=10)
        else:
            below_limits(report, workers=32, rounds=3, lives=4, chunks_per_life=8, words_per_chunk=200)
            above_limits(report, clients=32, seconds=30)
    except Exception as error:
        report.fail(f"aborted: {type(error).__name__}: {error}")
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
