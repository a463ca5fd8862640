#!/usr/bin/env python3
"""Paired bootstrap over documents: is system B's entity F1 above system A's?

Reads two `memtx eval --format json --per-document` reports of the same documents, resamples
the documents with replacement (the same resample for both systems), and prints, for the
overall F1, the repeated-mention F1 (a surface form seen earlier in the document) and the
other mentions (overall minus repeated: the control), B − A with a 95 % percentile interval
and the share of resamples where B wins. When both reports hold memory-target mentions
(`memtx eval --training-data`: repeated from an earlier chunk, never a training mention),
also those and the non-target mentions (overall minus target: their control).

A side may be several reports joined by commas (one per training seed): their counts are
summed per document, so the F1 is that of the seeds pooled, and each resample draws the
same documents for every seed of both sides.

usage: paired-bootstrap.py A.json[,A2.json…] B.json[,B2.json…] [--samples 10000] [--seed 1]
"""
import argparse
import json
import random


def f1(correct, predicted, gold):
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def counts(report, part):
    rows = []
    for doc in report["perDocument"]:
        o, r, t = doc["overall"], doc["repeated"], doc.get("memoryTarget")
        if part == "overall":
            c = o
        elif part == "repeated":
            c = r
        elif part == "other":
            c = {k: o[k] - r[k] for k in ("correct", "predicted", "gold")}
        elif part == "target":
            c = t
        else:  # non-target
            c = {k: o[k] - t[k] for k in ("correct", "predicted", "gold")}
        rows.append((c["correct"], c["predicted"], c["gold"]))
    return rows


def pooled(paths):
    """One report whose per-document counts are the sums over the reports at `paths`."""
    reports = [json.load(open(path)) for path in paths]
    ids = [d["id"] for d in reports[0]["perDocument"]]
    for report in reports[1:]:
        assert [d["id"] for d in report["perDocument"]] == ids, "the reports are not of the same documents"
    keys = ("correct", "predicted", "gold")
    documents = []
    for index, document_id in enumerate(ids):
        parts = {}
        for part in ("overall", "repeated", "memoryTarget"):
            if all(part in r["perDocument"][index] for r in reports):
                parts[part] = {k: sum(r["perDocument"][index][part][k] for r in reports) for k in keys}
        documents.append({"id": document_id, **parts})
    return {"perDocument": documents}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    a, b = pooled(args.a.split(",")), pooled(args.b.split(","))
    ids_a = [d["id"] for d in a["perDocument"]]
    assert ids_a == [d["id"] for d in b["perDocument"]], "the reports are not of the same documents"
    n = len(ids_a)
    generator = random.Random(args.seed)
    resamples = [[generator.randrange(n) for _ in range(n)] for _ in range(args.samples)]
    print("| mentions | A F1 | B F1 | B − A | 95 % interval | B wins |")
    print("| --- | --- | --- | --- | --- | --- |")
    parts = ["overall", "repeated", "other"]
    if all("memoryTarget" in d for report in (a, b) for d in report["perDocument"]):
        parts += ["target", "non-target"]
    for part in parts:
        ca, cb = counts(a, part), counts(b, part)
        def total(rows, picks):
            return [sum(rows[i][k] for i in picks) for k in range(3)]
        base_a, base_b = f1(*total(ca, range(n))), f1(*total(cb, range(n)))
        deltas = sorted(f1(*total(cb, s)) - f1(*total(ca, s)) for s in resamples)
        low, high = deltas[int(0.025 * len(deltas))], deltas[int(0.975 * len(deltas)) - 1]
        wins = sum(d > 0 for d in deltas) / len(deltas)
        print(f"| {part} | {100 * base_a:.2f} | {100 * base_b:.2f} | {100 * (base_b - base_a):+.2f} | "
              f"[{100 * low:+.2f}, {100 * high:+.2f}] | {100 * wins:.0f} % |")


if __name__ == "__main__":
    main()
