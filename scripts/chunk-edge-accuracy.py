#!/usr/bin/env python3
"""Accuracy on the synthetic task's words that need memory, by where their source sits in
its chunk (docs/MODEL.md, "Context words"). A word that needs memory reads its name's first
occurrence in an earlier chunk (the source); this splits those words by the source's
position inside its chunk and reports, per bin, how often the source itself and the later
mention get their gold label. Labels come from a running server (`memtx serve`), whole
documents through POST /v1/label.

Usage: scripts/chunk-edge-accuracy.py URL DATA.jsonl [--chunk-size C]
"""
import argparse
import json
import urllib.request

BINS = [(0, 4), (4, 8), (8, 16), (16, 24), (24, 32)]


def labels(url, words):
    body = json.dumps({"words": words}).encode()
    request = urllib.request.Request(f"{url}/v1/label", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        return [w["label"] for w in json.load(answer)["words"]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("data")
    parser.add_argument("--chunk-size", type=int, default=32)
    args = parser.parse_args()
    C = args.chunk_size
    counts = {}  # (bin, "source" | "mention") -> [right, total]

    def count(key, right):
        pair = counts.setdefault(key, [0, 0])
        pair[0] += right
        pair[1] += 1

    for line in open(args.data):
        document = json.loads(line)
        words, gold, needs = document["words"], document["labels"], document["needsMemory"]
        predicted = labels(args.url.rstrip("/"), words)
        first = {}
        for t, word in enumerate(words):
            source = first.get(word)
            if needs[t] and source is not None and source // C < t // C:
                low, high = next(b for b in BINS if source % C < b[1] or b == BINS[-1])
                count((f"{low}-{high - 1}", "source"), predicted[source] == gold[source])
                count((f"{low}-{high - 1}", "mention"), predicted[t] == gold[t])
                count(("all", "source"), predicted[source] == gold[source])
                count(("all", "mention"), predicted[t] == gold[t])
            first.setdefault(word, t)
    print("| source's position in its chunk | words | source right % | mention right % |")
    print("| --- | ---: | ---: | ---: |")
    for key in [f"{low}-{high - 1}" for low, high in BINS] + ["all"]:
        source, mention = counts.get((key, "source"), [0, 0]), counts.get((key, "mention"), [0, 0])
        if source[1]:
            print(f"| {key} | {source[1]} | {100 * source[0] / source[1]:.1f} | {100 * mention[0] / mention[1]:.1f} |")


if __name__ == "__main__":
    main()
