#!/usr/bin/env python3
"""Crash recovery: several sessions stream long documents (newswire-like text in which the
same names recur) chunk by chunk with `seq`; the server is killed with SIGKILL
mid-stream and restarted on the same --data-dir (SQLite store), possibly more than once.
After each restart, for every session:
  - every acknowledged chunk is there: words_total (GET /memory) equals the words_total of
    its last acknowledged chunk (plus the chunk that was in flight at the kill, if the
    server made it durable before it died: that one was never acknowledged, so either is
    right, and resending it says which);
  - replaying the last acknowledged seq answers `replayed: true` with the same totals;
then streaming resumes with the first unacknowledged seq. At the end the session's labels
(GET /labels?format=ndjson) must equal POST /v1/label on the same text, word by word:
words, labels and offsets (scores within 1e-3).

Usage: crash_recovery.py [--fast]   (fast: 3 sessions of 8 000 words, one kill;
full: 4 sessions of 20 000 words, two kills)
"""
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Report, Server, generate_words, log, split_chunks  # noqa: E402


class Stream:
    """One session and its document; `acked[seq]` is the answer to each acknowledged chunk."""

    def __init__(self, index, words, smallest, largest):
        self.index = index
        self.chunks = split_chunks(words, smallest, largest, seed=100 + index)
        self.text = "".join(self.chunks)
        self.sid = None
        self.acked = {}
        self.in_flight = None
        self.error = None

    def next_seq(self):
        return len(self.acked)

    def words_acked(self):
        return self.acked[len(self.acked) - 1]["words_total"] if self.acked else 0

    def run(self, server, stop_after=None):
        """Sends chunks from the first unacknowledged one until done, an error, or
        `stop_after` chunks acknowledged in all (a shared counter)."""
        while self.next_seq() < len(self.chunks):
            seq = self.next_seq()
            self.in_flight = seq
            try:
                status, body, _ = server.json("POST", f"/v1/sessions/{self.sid}/chunks",
                                              {"seq": seq, "text": self.chunks[seq]}, timeout=120)
            except OSError as error:
                self.error = f"seq {seq}: {error}"
                return
            if status != 200:
                self.error = f"seq {seq}: status {status} {body}"
                return
            self.acked[seq] = body
            self.in_flight = None
            if stop_after is not None:
                stop_after()


def stream_until_killed(server, streams, kill_at, report):
    """Streams all sessions concurrently; SIGKILLs the server once `kill_at` chunks in all
    have been acknowledged. Returns the acknowledged count at the kill."""
    lock = threading.Lock()
    counter = {"acked": sum(len(s.acked) for s in streams)}
    killed = threading.Event()

    def on_ack():
        with lock:
            counter["acked"] += 1
            if counter["acked"] >= kill_at and not killed.is_set():
                killed.set()

    threads = [threading.Thread(target=s.run, args=(server, on_ack), daemon=True) for s in streams]
    for t in threads:
        t.start()
    while not killed.wait(0.05):
        if not any(t.is_alive() for t in threads):
            break
    # A chunk or two are in flight on the other threads now.
    server.kill9()
    for t in threads:
        t.join(30)
    with lock:
        return counter["acked"]


def verify_after_restart(server, streams, report):
    """Every acknowledged chunk is there; the chunk in flight is either there or not."""
    recovered = 0
    for s in streams:
        status, memory, _ = server.json("GET", f"/v1/sessions/{s.sid}/memory")
        if not report.check(status == 200, f"session {s.index}: GET memory after restart: {status} {memory}"):
            continue
        acked_words = s.words_acked()
        total = memory["words_total"]
        if total == acked_words:
            recovered += len(s.acked)
        elif s.in_flight is not None and total > acked_words:
            # The in-flight chunk became durable before the kill: resending it must replay it.
            status, body, _ = server.json("POST", f"/v1/sessions/{s.sid}/chunks",
                                          {"seq": s.in_flight, "text": s.chunks[s.in_flight]})
            if report.check(status == 200 and body["replayed"] and body["words_total"] == total,
                            f"session {s.index}: words_total {total} > acknowledged {acked_words}, but resending "
                            f"seq {s.in_flight} answered {status} {str(body)[:200]}"):
                recovered += len(s.acked)
                s.acked[s.in_flight] = body
                log(f"  session {s.index}: chunk {s.in_flight} was durable but unacknowledged at the kill; replayed")
        else:
            report.fail(f"session {s.index}: words_total {total} after restart, but {acked_words} words were "
                        f"acknowledged ({len(s.acked)} chunks)")
            continue
        if s.acked:
            last = len(s.acked) - 1
            status, body, _ = server.json("POST", f"/v1/sessions/{s.sid}/chunks", {"seq": last, "text": s.chunks[last]})
            report.check(status == 200 and body.get("replayed") is True
                         and body.get("words_total") == s.acked[last]["words_total"]
                         and body.get("words") == s.acked[last]["words"],
                         f"session {s.index}: replaying seq {last} after restart answered {status} {str(body)[:200]}")
            gap = len(s.acked) + 1
            if gap < len(s.chunks):
                status, body, _ = server.json("POST", f"/v1/sessions/{s.sid}/chunks", {"seq": gap, "text": s.chunks[gap]})
                report.check(status == 409 and body["error"]["code"] == "sequence_gap"
                             and body["error"]["details"]["expected"] == len(s.acked),
                             f"session {s.index}: seq {gap} after restart should be a gap, got {status} {str(body)[:200]}")
        s.in_flight, s.error = None, None
    return recovered


def compare_labels(server, stream, report):
    """Session labels (NDJSON) against POST /v1/label on the same text."""
    status, headers, data = server.request("GET", f"/v1/sessions/{stream.sid}/labels?format=ndjson", timeout=300)
    if not report.check(status == 200, f"session {stream.index}: NDJSON labels: {status} {data[:200]!r}"):
        return 0
    report.check(headers.get("content-type", "").startswith("application/x-ndjson"),
                 f"session {stream.index}: NDJSON labels content-type {headers.get('content-type')}")
    session_words = [json.loads(line) for line in data.splitlines() if line.strip()]
    status, reference, _ = server.json("POST", "/v1/label", {"text": stream.text}, timeout=300)
    if not report.check(status == 200, f"session {stream.index}: POST /v1/label: {status}"):
        return 0
    words = reference["words"]
    if not report.check(len(session_words) == len(words),
                        f"session {stream.index}: {len(session_words)} session words vs {len(words)} from POST /v1/label"):
        return 0
    mismatches = 0
    for i, (got, want) in enumerate(zip(session_words, words)):
        same = (got.get("index") == i and got["word"] == want["word"] and got["label"] == want["label"]
                and got["start"] == want["start"] and got["end"] == want["end"]
                and abs(got["score"] - want["score"]) <= 1e-3)
        if not same:
            mismatches += 1
            if mismatches <= 3:
                report.fail(f"session {stream.index}: word {i}: session {got} vs POST /v1/label {want}")
    report.check(mismatches == 0, f"session {stream.index}: {mismatches} of {len(words)} words differ")
    entities = sum(1 for w in words if w["label"].startswith("B-"))
    return len(words), entities, mismatches


def main():
    fast = "--fast" in sys.argv
    sessions, words, kills = (3, 8_000, 1) if fast else (4, 20_000, 2)
    report = Report("crash_recovery")
    streams = [Stream(i, generate_words(words, seed=i), 150, 700) for i in range(sessions)]
    total_chunks = sum(len(s.chunks) for s in streams)
    log(f"  {sessions} sessions, {words} words each, {total_chunks} chunks in all, {kills} kill -9")
    server = Server(name="crash")
    acked_at_kills, recovered_at_kills = [], []
    try:
        server.start()
        for s in streams:
            status, body, _ = server.json("POST", "/v1/sessions", {}, expect=201)
            s.sid = body["id"]
        for k in range(kills):
            kill_at = total_chunks * (k + 1) // (kills + 1)
            started = time.monotonic()
            acked = stream_until_killed(server, streams, kill_at, report)
            errors = [s.error for s in streams if s.error]
            log(f"  kill -9 #{k + 1} after {acked} acknowledged chunks ({time.monotonic() - started:.1f} s); "
                f"in flight: {[s.in_flight for s in streams]}; client errors: {len(errors)}")
            restart = time.monotonic()
            server.restart()
            log(f"  restarted on the same data dir, ready in {time.monotonic() - restart:.1f} s")
            recovered = verify_after_restart(server, streams, report)
            acked_at_kills.append(acked)
            recovered_at_kills.append(recovered)
            report.check(recovered == acked, f"kill #{k + 1}: {acked} chunks acknowledged, {recovered} recovered")
        for s in streams:
            s.run(server)
            report.check(s.error is None and len(s.acked) == len(s.chunks),
                         f"session {s.index}: finishing the stream failed: {s.error}")
        compared = [compare_labels(server, s, report) for s in streams]
        compared = [c for c in compared if c]
        for s in streams:
            server.json("DELETE", f"/v1/sessions/{s.sid}", expect=204)
        code = server.stop()
        report.check(code == 0, f"exit code {code} after SIGTERM, expected 0")
    except Exception as error:
        report.fail(f"aborted: {type(error).__name__}: {error}\n{server.log_tail()}")
        compared = []
        server.stop()
    finally:
        server.cleanup()
    report.figure("sessions", sessions)
    report.figure("words_per_session", words)
    report.figure("chunks", total_chunks)
    report.figure("kills", kills)
    report.figure("chunks_acknowledged_at_kills", acked_at_kills)
    report.figure("chunks_recovered", recovered_at_kills)
    report.figure("words_compared", sum(c[0] for c in compared))
    report.figure("entities", sum(c[1] for c in compared))
    report.figure("label_mismatches", sum(c[2] for c in compared))
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
