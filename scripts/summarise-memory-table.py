#!/usr/bin/env python3
"""Summarises scripts/memory-table.sh's runs (OUT/VARIANT-sSEED-KERNEL/eval-*.json) into the
Markdown tables of docs/MODEL.md: per variant and kernel, accuracy on the test words that
need memory at 1× and 4× length (mean ± std over seeds, and the spread max − min), local
entity words, the control task, needed word kept, training seconds; for the learned variants
the oracle memory of the same M and the ratio model ÷ oracle at 4×; then the learned recipe
over every seed and kernel at once.

usage: summarise-memory-table.py OUT"""
import glob
import json
import os
import re
import statistics
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "runs/memory-table"
order = ["none", "fifo", "strided", "attention", "learned-plain", "learned-no-readout", "learned-no-context", "learned", "full"]


def accuracy(report, kind):
    counts = report["tokenAccuracy"][kind]
    return 100 * counts["correct"] / max(counts["total"], 1)


def fmt(values):
    if not values:
        return "n/a"
    std = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.1f} ± {std:.1f}"


def spread(values):
    return f"{max(values) - min(values):.1f}" if values else "n/a"


runs = {}
for path in sorted(glob.glob(f"{out}/*/eval-test4x.json")):
    directory = os.path.dirname(path)
    match = re.fullmatch(r"(.+)-s(\d+)-(\w+)", os.path.basename(directory))
    if not match:
        continue
    variant, seed, kernel = match.group(1), int(match.group(2)), match.group(3)
    load = lambda name: json.load(open(f"{directory}/{name}"))  # noqa: E731
    test, test4x, control = load("eval-test.json"), load("eval-test4x.json"), load("eval-control.json")
    row = {
        "mem": accuracy(test, "memory"), "local": accuracy(test, "localEntity"),
        "mem4": accuracy(test4x, "memory"), "control": accuracy(control, "entity"),
        "kept": 100 * test["memory"]["neededWordKeptRate"], "kept4": 100 * test4x["memory"]["neededWordKeptRate"],
        "seconds": load("training.json")["seconds"],
    }
    if os.path.exists(f"{directory}/eval-test4x-oracle.json"):
        row["oracle"] = accuracy(load("eval-test-oracle.json"), "memory")
        row["oracle4"] = accuracy(load("eval-test4x-oracle.json"), "memory")
    runs.setdefault((variant, kernel), []).append((seed, row))


def column(rows, key):
    return [r[key] for _, r in rows if key in r]


print("| variant | kernel | seeds | needs memory, 1× | spread | needs memory, 4× | oracle, 4× | model ÷ oracle, 4× "
      "| local entities, 1× | control | needed word kept, 1× / 4× | train s |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
keys = sorted(runs, key=lambda k: (order.index(k[0]) if k[0] in order else 99, k[1]))
for variant, kernel in keys:
    rows = sorted(runs[(variant, kernel)])
    ratios = [r["mem4"] / r["oracle4"] * 100 for _, r in rows if "oracle4" in r]
    print(f"| {variant} | {kernel} | {', '.join(str(s) for s, _ in rows)} | {fmt(column(rows, 'mem'))} "
          f"| {spread(column(rows, 'mem'))} | {fmt(column(rows, 'mem4'))} | {fmt(column(rows, 'oracle4'))} "
          f"| {fmt(ratios)} | {fmt(column(rows, 'local'))} | {fmt(column(rows, 'control'))} "
          f"| {fmt(column(rows, 'kept'))} / {fmt(column(rows, 'kept4'))} | {statistics.mean(column(rows, 'seconds')):.0f} |")

learned = [r for (variant, _), rows in runs.items() if variant == "learned" for r in rows]
if learned:
    mem = column(learned, "mem")
    ratios = [r["mem4"] / r["oracle4"] * 100 for _, r in learned if "oracle4" in r]
    print()
    print(f"learned over every seed and kernel ({len(learned)} runs): needs memory 1× {fmt(mem)} "
          f"(min {min(mem):.1f}, max {max(mem):.1f}, spread {spread(mem)}); 4× ÷ oracle {fmt(ratios)} "
          f"(min {min(ratios):.1f})")
    for variant in ["none", "fifo", "strided", "full"]:
        other = [r["mem"] for (v, _), rows in runs.items() if v == variant for _, r in rows]
        if other:
            print(f"learned − {variant} on needs memory, 1×: {statistics.mean(mem) - statistics.mean(other):+.1f} points")
