#!/usr/bin/env python3
"""Speed of the NumPy reference (memtx_reference.py) on memtx's whole-document labelling.

Runs both passes of docs/MODEL.md ("Two passes") over one document with the reference's
chunk forward: pass 1 reads chunks of C words against the memory so far and merges each
chunk's words into the top-M memory (score, ties to the earlier position); pass 2 labels
every chunk against the final memory minus its own entries. Features come from memtx
(`memtx bench model --reference` writes them), so only the forward passes are timed.
Set OPENBLAS_NUM_THREADS before starting Python to fix the thread count.

usage: bench_reference.py CHECKPOINT_DIR FEATURES.json [--dtype float32|float64] [--labels]

FEATURES.json: {"wordIDs": [N], "ngramOffsets": [N+1], "ngramBuckets": [...], "shapeIDs": [N]}
prints one JSON line: {"words", "seconds", "words_per_second", "dtype"[, "labels": [N]]}
"""
import argparse
import json
import time

import numpy as np

from memtx_reference import forward_chunk, load_safetensors


def chunk_input(features, start, end, C, memory):
    """The reference's input dict for words start..<end against `memory` entries."""
    offsets = features["ngramOffsets"]
    base = offsets[start]
    return {
        "wordIDs": features["wordIDs"][start:end],
        "ngramOffsets": [o - base for o in offsets[start:end + 1]],
        "ngramBuckets": features["ngramBuckets"][base:offsets[end]],
        "shapeIDs": features["shapeIDs"][start:end],
        "positions": [t % C for t in range(end - start)],
        "memoryStates": [e["states"] for e in memory],
        "memoryScoreInputs": [e["r"] for e in memory],
    }


def label_document(config, W, features):
    """Both passes; returns the final label id of every word."""
    C, M, N = config["chunkSize"], config["memorySize"], len(features["wordIDs"])
    chunks = [(s, min(s + C, N)) for s in range(0, N, C)]
    memory = []
    for k, (s, e) in enumerate(chunks):  # pass 1
        out = forward_chunk(config, W, chunk_input(features, s, e, C, memory))
        candidates = [{"score": float(out["scores"][t]), "position": s + t, "chunk": k,
                       "states": out["states"][t].ravel(), "r": out["z"][t]} for t in range(e - s)]
        memory = sorted(memory + candidates, key=lambda x: (-x["score"], x["position"]))[:M]
    labels = []
    for k, (s, e) in enumerate(chunks):  # pass 2
        own = [x for x in memory if x["chunk"] != k]
        out = forward_chunk(config, W, chunk_input(features, s, e, C, own))
        labels += out["logits"].argmax(1).tolist()
    return labels


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("checkpoint")
    parser.add_argument("features")
    parser.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    parser.add_argument("--labels", action="store_true", help="include the labels in the output")
    args = parser.parse_args()
    config = json.load(open(f"{args.checkpoint}/config.json"))
    W = load_safetensors(f"{args.checkpoint}/model.safetensors", dtype=np.dtype(args.dtype))
    features = json.load(open(args.features))
    start = time.perf_counter()
    labels = label_document(config, W, features)
    seconds = time.perf_counter() - start
    result = {"words": len(labels), "seconds": seconds, "words_per_second": len(labels) / seconds, "dtype": args.dtype}
    if args.labels:
        result["labels"] = labels
    print(json.dumps(result))


if __name__ == "__main__":
    main()
