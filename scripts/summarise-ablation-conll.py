#!/usr/bin/env python3
"""Summarises runs/ablation-conll/*/eval-dev.json into a Markdown table (dev entity F1,
overall and on repeated mentions, mean ± std over seeds)."""
import glob
import json
import os
import statistics
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "runs/ablation-conll"


def stat(values):
    if not values:
        return "n/a"
    mean = statistics.mean(values)
    std = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{100 * mean:.2f} ± {100 * std:.2f}"


print("| variant | seeds | dev F1 | dev F1, repeated mentions | train s | eval words/s |")
print("| --- | --- | --- | --- | --- | --- |")
for variant in ["none", "fifo", "learned", "full"]:
    runs = sorted(glob.glob(f"{out}/{variant}-s*/eval-dev.json"))
    if not runs:
        continue
    f1, repeated, seconds, speed = [], [], [], []
    for path in runs:
        report = json.load(open(path))
        f1.append(report["entities"]["overall"]["f1"])
        repeated.append(report["entities"]["repeated"]["f1"])
        speed.append(report["wordsPerSecond"])
        seconds.append(json.load(open(os.path.join(os.path.dirname(path), "training.json")))["seconds"])
    print(f"| {variant} | {len(runs)} | {stat(f1)} | {stat(repeated)} | {statistics.mean(seconds):.0f} | "
          f"{statistics.mean(speed):.0f} |")
