#!/usr/bin/env python3
"""Several replicas, one PostgreSQL: the scale-out check of docs/DEPLOY.md.

Starts a throwaway PostgreSQL on loopback (scripts/postgres/scratch.sh), two `memtx serve
--store postgres://…` processes on different ports sharing it (the same API key), and a
single-process reference (`--store sqlite`) that gets the same chunks.

1. Alternating: a session is created on replica A; its chunks alternate A, B, A, B…;
   after each chunk the *other* replica must already report the new word count (no
   stale copy). The labels (NDJSON) from A and from B must equal the reference's, word by
   word (words, offsets, labels; scores within 1e-5), and so must the memory.
   Per-chunk latency of the PostgreSQL store (alternating, and a session kept on one
   replica) is measured against SQLite on the same chunks, sent to each in turn (so
   machine noise hits all alike).
2. kill -9: a second session streams through A; a large chunk is sent to A and A is
   killed with SIGKILL while it runs. B carries on: it resends the in-flight seq (a replay
   if A had committed it, else applied now), then the rest. Every chunk acknowledged
   before the kill must be present (its resend is `replayed` with the same totals), and
   the final labels must equal the reference's. A is restarted and serves the session too.

Writes .build-reliability/results/replicas.json; exits non-zero on any failed check.
Usage: MEMTX=.build/debug/memtx scripts/replicas/multi_replica.py [--words N]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reliability"))
from common import Report, Server, generate_words, log, percentile, scratch_postgres, split_chunks  # noqa: E402

KEY = "replica-test-key"
AUTH = {"Authorization": f"Bearer {KEY}"}


def ndjson_labels(server, sid):
    status, _, data = server.request("GET", f"/v1/sessions/{sid}/labels?format=ndjson", headers=AUTH, timeout=300)
    if status != 200:
        raise AssertionError(f"{server.name}: labels of {sid}: {status} {data[:200]!r}")
    return [json.loads(line) for line in data.decode().splitlines() if line.strip()]


def same_labels(mine, reference):
    """None if equal (words, offsets, labels; scores within 1e-5), else the first difference."""
    if len(mine) != len(reference):
        return f"{len(mine)} words, reference {len(reference)}"
    for index, (a, b) in enumerate(zip(mine, reference)):
        if (a["word"], a["start"], a["end"], a["label"]) != (b["word"], b["start"], b["end"], b["label"]) \
                or abs(a["score"] - b["score"]) > 1e-5:
            return f"word {index}: {a} vs reference {b}"
    return None


def memory_of(server, sid):
    status, body, _ = server.json("GET", f"/v1/sessions/{sid}/memory", headers=AUTH, expect=200)
    return body


def append(server, sid, seq, text, timeout=300):
    """POST one chunk; returns (status, body, seconds)."""
    started = time.perf_counter()
    status, body, _ = server.json("POST", f"/v1/sessions/{sid}/chunks", {"seq": seq, "text": text},
                                  headers=AUTH, timeout=timeout)
    return status, body, time.perf_counter() - started


def create(server):
    _, body, _ = server.json("POST", "/v1/sessions", headers=AUTH, expect=201)
    return body["id"]


def alternating(replicas, reference, chunks, report):
    """Part 1: chunks alternate between the replicas; labels and memory equal the reference's."""
    sid, ref_sid, sticky_sid = create(replicas[0]), create(reference), create(replicas[0])
    # postgres: alternating replicas (each append first catches up with the other's chunk);
    # postgres_one_replica: the same chunks into a session that stays on A; sqlite: one process.
    latency = {"postgres": [], "postgres_one_replica": [], "sqlite": []}
    for seq, text in enumerate(chunks):
        writer, reader = replicas[seq % 2], replicas[1 - seq % 2]
        status, body, seconds = append(writer, sid, seq, text)
        if not report.check(status == 200, f"alternating: seq {seq} on {writer.name}: {status} {body}"):
            return None
        latency["postgres"].append(seconds)
        sticky_status, _, sticky_seconds = append(replicas[0], sticky_sid, seq, text)
        report.check(sticky_status == 200, f"one replica: seq {seq}: {sticky_status}")
        latency["postgres_one_replica"].append(sticky_seconds)
        ref_status, ref_body, ref_seconds = append(reference, ref_sid, seq, text)
        report.check(ref_status == 200, f"reference: seq {seq}: {ref_status} {ref_body}")
        latency["sqlite"].append(ref_seconds)
        seen = memory_of(reader, sid)
        report.check(seen["words_total"] == body["words_total"],
                     f"alternating: after seq {seq} on {writer.name}, {reader.name} reports {seen['words_total']} words, "
                     f"not {body['words_total']} (stale copy)")
    expected = ndjson_labels(reference, ref_sid)
    for replica in replicas:
        difference = same_labels(ndjson_labels(replica, sid), expected)
        report.check(difference is None, f"alternating: labels from {replica.name} differ from one process: {difference}")
        report.check(memory_of(replica, sid)["entries"] == memory_of(reference, ref_sid)["entries"],
                     f"alternating: memory from {replica.name} differs from one process")
    report.figure("alternating_chunks", len(chunks))
    report.figure("alternating_words", len(expected))
    report.figure("sessions_served_across_replicas", 1)
    for store, values in latency.items():
        report.figure(f"chunk_ms_{store}_median", round(statistics.median(values) * 1000, 2))
        report.figure(f"chunk_ms_{store}_p95", round(percentile(values, 95) * 1000, 2))
    for store in ("postgres", "postgres_one_replica"):
        report.figure(f"chunk_latency_{store}_over_sqlite",
                      round(statistics.median(latency[store]) / statistics.median(latency["sqlite"]), 3))
    return sid


def kill_mid_stream(replicas, reference, chunks, big_chunk_at, report):
    """Part 2: kill -9 replica A while a chunk runs on it; B carries on."""
    a, b = replicas
    sid, ref_sid = create(a), create(reference)
    for seq, text in enumerate(chunks):
        append(reference, ref_sid, seq, text)
    acked = {}
    for seq in range(big_chunk_at):
        status, body, _ = append(a, sid, seq, chunks[seq])
        if not report.check(status == 200, f"kill: seq {seq} on A: {status} {body}"):
            return
        acked[seq] = body
    outcome = {}

    def in_flight():
        try:
            outcome["reply"] = append(a, sid, big_chunk_at, chunks[big_chunk_at])
        except OSError as error:
            outcome["error"] = str(error)

    sender = threading.Thread(target=in_flight)
    sender.start()
    time.sleep(0.15)
    a.kill9()
    sender.join()
    in_flight_acked = "reply" in outcome and outcome["reply"][0] == 200
    report.figure("kill_chunks_acknowledged_before", len(acked))
    report.figure("kill_in_flight_chunk_words", len(chunks[big_chunk_at].split()))
    report.figure("kill_in_flight_answered", in_flight_acked)
    # B: every acknowledged chunk is there (its resend is a replay with the same totals).
    present = 0
    for seq, body in acked.items():
        status, again, _ = append(b, sid, seq, chunks[seq])
        if status == 200 and again["replayed"] and again["words_total"] == body["words_total"]:
            present += 1
        else:
            report.fail(f"kill: acknowledged seq {seq} is not intact on B: {status} {again}")
    report.figure("kill_chunks_present_after", present)
    status, body, _ = append(b, sid, big_chunk_at, chunks[big_chunk_at])
    report.check(status == 200, f"kill: resending the in-flight seq {big_chunk_at} on B: {status} {body}")
    report.figure("kill_in_flight_chunk_committed_before_kill", bool(body and body.get("replayed")))
    for seq in range(big_chunk_at + 1, len(chunks)):
        status, body, _ = append(b, sid, seq, chunks[seq])
        if not report.check(status == 200, f"kill: seq {seq} on B: {status} {body}"):
            return
    expected = ndjson_labels(reference, ref_sid)
    difference = same_labels(ndjson_labels(b, sid), expected)
    report.check(difference is None, f"kill: labels from B differ from one process: {difference}")
    a.restart()
    difference = same_labels(ndjson_labels(a, sid), expected)
    report.check(difference is None, f"kill: labels from the restarted A differ from one process: {difference}")
    report.figure("kill_words", len(expected))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=3000, help="words of the alternating document")
    args = parser.parse_args()
    report = Report("replicas")
    with scratch_postgres("memtx-replicas-pg-") as url:
        log(f"PostgreSQL: {url}")
        run(url, args, report)
    return report.finish()


def run(url, args, report):
    """Both parts against the replicas on `url` and a SQLite reference; stops the servers."""
    env = {"MEMTX_API_KEYS": KEY}
    servers = []
    try:
        replicas = [Server("--store", url, env=env, name=name) for name in ("A", "B")]
        reference = Server("--store", "sqlite", env=env, name="reference")
        for server in replicas + [reference]:
            server.start()
            servers.append(server)
        words = generate_words(args.words, seed=11)
        alternating(replicas, reference, split_chunks(words, 40, 160, seed=12), report)
        # 1 000 words in small chunks, then one of 6 000 (killed while it runs), then 500.
        kill_words = generate_words(7500, seed=21)
        small = split_chunks(kill_words[:1000], 40, 160, seed=22)
        kill_mid_stream(replicas, reference, small + split_chunks(kill_words[1000:], 6000, 6000, seed=23), len(small), report)
        stored_bytes = subprocess.run(
            ["psql", url, "-Atc", "SELECT pg_total_relation_size('memtx_sessions') + pg_total_relation_size('memtx_chunks')"],
            check=True, capture_output=True, text=True).stdout.strip()
        # The alternating document is stored twice (alternating and one-replica sessions).
        words_stored = 2 * report.figures.get("alternating_words", 0) + report.figures.get("kill_words", 0)
        report.figure("postgres_bytes_per_word_stored", round(int(stored_bytes) / max(1, words_stored), 1))
    except (AssertionError, RuntimeError, OSError) as error:
        report.fail(str(error))
    finally:
        for server in servers:
            server.stop()
            server.cleanup()

if __name__ == "__main__":
    sys.exit(main())
