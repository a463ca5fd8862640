#!/usr/bin/env python3
"""The figures docs/DEPLOY.md sizes a deployment from, measured on a release memtx:

- RSS of an idle server (model loaded and warmed up), per store;
- RSS after many sessions hold words (memory per session and per session word), for the
  SQLite store (live sessions within --session-cache-mib stay in memory; the rest are on
  disk) and the memory store (every session's rows in memory, plus the live ones);
- one long session (RSS per word of one document);
- POST /v1/label throughput from 2 concurrent clients: words/s, CPU seconds the server
  used (words per CPU-second = words/s per core), peak RSS (VmHWM).

    python3 scripts/deploy/measure-sizing.py [--sessions 200] [--sqlite-sessions 60] [--session-words 2000]
        [--long-words 100000] [--seconds 20] [--json FILE]
MEMTX: the binary (default .build/release/memtx). Loopback only; every server is stopped.
Standard library only (it reuses scripts/reliability/common.py's Server).
"""
import argparse
import json
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "reliability"))
import common  # noqa: E402

def text(rng, n):
    """n words of the reliability suite's newswire-like text (recurring names), ending in a space."""
    return " ".join(common.generate_words(n, seed=rng.randrange(1 << 30))) + " "


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def mib(kib):
    return round(kib / 1024, 1)


def settle(server):
    time.sleep(1.0)
    return server.memory_kib()


def sessions_run(store, sessions, args, rng):
    """Idle RSS, then `sessions` sessions of args.session_words words each, then one long one."""
    out = {}
    with common.Server("--store", store, "--max-sessions", str(max(1000, sessions + 1))) as server:
        rss, hwm = settle(server)
        out["idle_rss_mib"], out["idle_hwm_mib"] = mib(rss), mib(hwm)
        chunk = 1000
        start = time.monotonic()
        ids = []
        for _ in range(sessions):
            _, body, _ = server.json("POST", "/v1/sessions", {}, expect=201)
            ids.append(body["id"])
        for sid in ids:
            for seq in range(args.session_words // chunk):
                server.json("POST", f"/v1/sessions/{sid}/chunks", {"seq": seq, "text": text(rng, chunk)}, expect=200)
        took = time.monotonic() - start
        rss2, hwm2 = settle(server)
        words = sessions * (args.session_words // chunk) * chunk
        out.update(sessions=sessions, words_per_session=args.session_words,
                   rss_after_sessions_mib=mib(rss2), hwm_after_sessions_mib=mib(hwm2),
                   kib_per_session=round((rss2 - rss) / sessions, 1),
                   bytes_per_session_word=round((rss2 - rss) * 1024 / words, 1),
                   append_words_per_s=round(words / took))
        # One long session on top.
        _, body, _ = server.json("POST", "/v1/sessions", {}, expect=201)
        sid = body["id"]
        before = server.memory_kib()[0]
        for seq in range(args.long_words // chunk):
            server.json("POST", f"/v1/sessions/{sid}/chunks", {"seq": seq, "text": text(rng, chunk)}, expect=200)
        server.json("GET", f"/v1/sessions/{sid}/labels?offset={args.long_words - 10}&limit=10", expect=200)
        rss3, hwm3 = settle(server)
        out.update(long_session_words=args.long_words, rss_after_long_session_mib=mib(rss3),
                   hwm_final_mib=mib(hwm3), bytes_per_long_session_word=round((rss3 - before) * 1024 / args.long_words, 1))
    return out


def throughput_run(args, rng):
    """POST /v1/label of 5 000-word documents from 2 clients for args.seconds."""
    doc = text(rng, 5000)
    words_done = [0]
    lock = threading.Lock()
    with common.Server("--store", "memory") as server:
        stop = time.monotonic() + args.seconds
        cpu0, t0 = cpu_seconds(server.proc.pid), time.monotonic()

        def client():
            while time.monotonic() < stop:
                status, body, _ = server.json("POST", "/v1/label", {"text": doc})
                if status == 200:
                    with lock:
                        words_done[0] += len(body["words"])

        threads = [threading.Thread(target=client) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        cpu, wall = cpu_seconds(server.proc.pid) - cpu0, time.monotonic() - t0
        _, hwm = server.memory_kib()
    return {"label_words": words_done[0], "label_seconds": round(wall, 1), "label_words_per_s": round(words_done[0] / wall),
            "server_cpu_seconds": round(cpu, 1), "cores_busy": round(cpu / wall, 2),
            "label_words_per_cpu_second": round(words_done[0] / cpu), "label_hwm_mib": mib(hwm)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--sqlite-sessions", type=int, default=60)
    parser.add_argument("--session-words", type=int, default=2000)
    parser.add_argument("--long-words", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--json")
    args = parser.parse_args()
    rng = random.Random(7)
    result = {"memtx": common.MEMTX, "loadavg_before": open("/proc/loadavg").read().split()[:3]}
    for store, sessions in (("sqlite", args.sqlite_sessions), ("memory", args.sessions)):
        print(f"== {sessions} sessions, --store {store}", flush=True)
        result[store] = sessions_run(store, sessions, args, rng)
        print(json.dumps(result[store], indent=1), flush=True)
    print("== POST /v1/label throughput", flush=True)
    result["throughput"] = throughput_run(args, rng)
    print(json.dumps(result["throughput"], indent=1), flush=True)
    result["loadavg_after"] = open("/proc/loadavg").read().split()[:3]
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
