#!/usr/bin/env python3
"""Summarises runs/ablation/*/eval-*.json into a Markdown table (mean ± std over seeds).
With --conll: the CoNLL ablation (runs/ablation-conll/*/eval-dev.json): dev entity F1,
overall and on repeated mentions."""
import glob
import json
import os
import statistics
import sys

conll = "--conll" in sys.argv
args = [a for a in sys.argv[1:] if a != "--conll"]
out = args[0] if args else ("runs/ablation-conll" if conll else "runs/ablation")
variants = ["none", "fifo", "strided", "attention", "learned", "full"]


def stat(values, digits=1):
    if not values:
        return "n/a"
    mean = statistics.mean(values)
    std = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{100 * mean:.{digits}f} ± {100 * std:.{digits}f}"


def summarise_conll():
    print("| variant | seeds | dev F1 | dev F1, repeated mentions | train s | eval words/s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for variant in variants:
        runs = sorted(glob.glob(f"{out}/{variant}-s*/eval-dev.json"))
        if not runs:
            continue
        reports = [json.load(open(path)) for path in runs]
        seconds = [json.load(open(os.path.join(os.path.dirname(p), "training.json")))["seconds"] for p in runs]
        print(f"| {variant} | {len(runs)} | {stat([r['entities']['overall']['f1'] for r in reports], 2)} | "
              f"{stat([r['entities']['repeated']['f1'] for r in reports], 2)} | {statistics.mean(seconds):.0f} | "
              f"{statistics.mean(r['wordsPerSecond'] for r in reports):.0f} |")


if conll:
    summarise_conll()
    sys.exit(0)


rows = []
for variant in variants:
    runs = sorted(glob.glob(f"{out}/{variant}-s*/eval-dev.json"))
    if not runs:
        continue
    cols = {k: [] for k in ["mem", "local", "mem4", "local4", "control", "kept", "time", "gap"]}
    for path in runs:
        d = os.path.dirname(path)
        dev = json.load(open(path))
        dev4 = json.load(open(f"{d}/eval-dev4x.json"))
        control = json.load(open(f"{d}/eval-control.json"))
        cols["mem"].append(dev["tokenAccuracy"]["memory"]["correct"] / max(dev["tokenAccuracy"]["memory"]["total"], 1))
        cols["local"].append(dev["tokenAccuracy"]["localEntity"]["correct"] / max(dev["tokenAccuracy"]["localEntity"]["total"], 1))
        cols["mem4"].append(dev4["tokenAccuracy"]["memory"]["correct"] / max(dev4["tokenAccuracy"]["memory"]["total"], 1))
        cols["local4"].append(dev4["tokenAccuracy"]["localEntity"]["correct"] / max(dev4["tokenAccuracy"]["localEntity"]["total"], 1))
        cols["control"].append(control["tokenAccuracy"]["entity"]["correct"] / max(control["tokenAccuracy"]["entity"]["total"], 1))
        cols["kept"].append(dev["memory"]["neededWordKeptRate"])
        cols["time"].append(json.load(open(f"{d}/training.json"))["seconds"])
        if os.path.exists(f"{d}/eval-dev-2m.json"):
            wide = json.load(open(f"{d}/eval-dev-2m.json"))
            cols["gap"].append(wide["tokenAccuracy"]["memory"]["correct"] / max(wide["tokenAccuracy"]["memory"]["total"], 1) - cols["mem"][-1])
    time = f"{statistics.mean(cols['time']):.0f}"
    rows.append(f"| {variant} | {len(runs)} | {stat(cols['mem'])} | {stat(cols['local'])} | {stat(cols['mem4'])} | "
                f"{stat(cols['local4'])} | {stat(cols['control'])} | {stat(cols['kept'])} | {time} |")
    if cols["gap"]:
        gap_line = f"Training/evaluation gap (learned): memory-word accuracy with the 2M training candidates minus hard top-M: {stat(cols['gap'])} points."

print("| variant | seeds | needs-memory acc. (1×) | local entity acc. (1×) | needs-memory acc. (4×) | "
      "local entity acc. (4×) | control entity acc. | needed word in memory | train s |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
print("\n".join(rows))
if "gap_line" in globals():
    print()
    print(gap_line)
