#!/usr/bin/env python3
"""Independent NumPy reference of the memtx chunk forward pass (docs/MODEL.md).

Reads a checkpoint directory (config.json + model.safetensors, parsed with the standard
library and NumPy only) and a JSON input holding one chunk's features and its memory,
computes in float64 the label logits, the chunk words' learned importance scores and the
chunk's labels (the config's decoding: argmax, or the most likely BIO-valid sequence), and
writes them as JSON. Written from docs/MODEL.md, not from the Swift code.

usage: memtx_reference.py CHECKPOINT_DIR INPUT.json OUTPUT.json

INPUT.json: {"wordIDs": [T], "ngramOffsets": [T+1], "ngramBuckets": [...], "shapeIDs": [T],
             "positions": [T], "memoryStates": [[L*d] per entry], "memoryScoreInputs": [[d] per entry],
             "words": [T strings], "memoryWords": [one string per entry]}
             (the words' texts are read only when config "sameWordBias" is true)
OUTPUT.json: {"logits": [T*K], "wordScores": [T], "labels": [T]}
"""
import json
import math
import struct
import sys
import unicodedata

import numpy as np


def load_safetensors(path, dtype=np.float64):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        stored = {"F32": "<f4", "F16": "<f2"}[info["dtype"]]
        begin, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], dtype=stored).reshape(info["shape"]).astype(dtype)
    return tensors


def layer_norm(x, gamma, beta):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-5) * gamma + beta


def gelu(z):
    return 0.5 * z * (1 + np.tanh(math.sqrt(2 / math.pi) * (z + 0.044715 * z ** 3)))


def normal_form(word):
    """docs/MODEL.md "Lowercasing and digits": each scalar lowercased on its own (no context,
    so no final sigma), then every decimal digit of any script replaced by "0"."""
    lower = "".join(c.lower() for c in word)
    return "".join("0" if unicodedata.decimal(c, None) is not None else c for c in lower)


def same_word_mask(words, memory_words):
    """(T, T + Mk) booleans: key j carries the query's normal form, j not the query itself."""
    queries = [normal_form(w) for w in words]
    keys = queries + [normal_form(w) for w in memory_words]
    mask = np.array([[q == k for k in keys] for q in queries], dtype=bool).reshape(len(queries), len(keys))
    for i in range(len(queries)):
        mask[i, i] = False
    return mask


def forward(config, W, inp):
    """(T, K) label logits and (T) word scores of one chunk."""
    out = forward_chunk(config, W, inp)
    return out["logits"], out["scores"]


def forward_chunk(config, W, inp):
    """One chunk's forward: logits (T, K), scores (T), block inputs states (T, L, d) and the
    final-normed z (T, d) (what a memory entry keeps). Computes in the weights' dtype."""
    dtype = W["lnf.weight"].dtype
    d, L, NH, R = config["dModel"], config["layers"], config["heads"], config["relativeRange"]
    ids = np.array(inp["wordIDs"], dtype=int)
    offsets = np.array(inp["ngramOffsets"], dtype=int)
    buckets = np.array(inp["ngramBuckets"], dtype=int)
    T = len(ids)
    ngram = np.zeros((T, d), dtype=dtype)
    for t in range(T):
        rows = buckets[offsets[t]:offsets[t + 1]]
        if len(rows):
            ngram[t] = W["embed.ngram"][rows].sum(0) / math.sqrt(len(rows))
    x = (W["embed.word"][ids] + ngram + W["embed.shape"][np.array(inp["shapeIDs"], dtype=int)]
         + W["embed.position"][np.array(inp["positions"], dtype=int)])
    states = np.array(inp["memoryStates"], dtype=dtype).reshape(-1, L, d)
    r = np.array(inp["memoryScoreInputs"], dtype=dtype).reshape(-1, d)
    Mk = len(r)
    learned = config["memoryVariant"] == "learned"
    mem_bias = (r @ W["score.weight"] + W["score.bias"][0]) if (learned and Mk) else np.zeros(Mk, dtype=dtype)
    dh = d // NH
    offset = np.clip(np.arange(T)[None, :] - np.arange(T)[:, None], -R, R) + R
    same = same_word_mask(inp["words"], inp["memoryWords"]) if config.get("sameWordBias", False) else None
    block_inputs = []
    for l in range(L):
        block_inputs.append(x)
        p = f"blocks.{l}."
        U = np.vstack([x, states[:, l, :] + W[p + "memory_type"]]) if Mk else x
        qkv = layer_norm(U, W[p + "ln1.weight"], W[p + "ln1.bias"]) @ W[p + "attn.qkv.weight"].T + W[p + "attn.qkv.bias"]
        q = qkv[:T, :d]
        k = np.vstack([qkv[:, d:2 * d], W[p + "attn.null_key"]])
        v = np.vstack([qkv[:, 2 * d:], W[p + "attn.null_value"]])
        out = np.zeros((T, d), dtype=dtype)
        for h in range(NH):
            cols = slice(h * dh, (h + 1) * dh)
            logits = q[:, cols] @ k[:, cols].T / math.sqrt(dh)
            logits[:, :T] += W[p + "attn.relative_bias"][h][offset]
            logits[:, T:T + Mk] += mem_bias + W[p + "attn.relative_bias"][h][2 * R + 1]
            if same is not None:
                logits[:, :T + Mk] += np.where(same, W[p + "attn.same_word_bias"][h], 0.0)
            probs = np.exp(logits - logits.max(1, keepdims=True))
            probs /= probs.sum(1, keepdims=True)
            out[:, cols] = probs @ v[:, cols]
        m = x + out @ W[p + "attn.proj.weight"].T + W[p + "attn.proj.bias"]
        hidden = gelu(layer_norm(m, W[p + "ln2.weight"], W[p + "ln2.bias"]) @ W[p + "mlp.fc.weight"].T + W[p + "mlp.fc.bias"])
        x = m + hidden @ W[p + "mlp.proj.weight"].T + W[p + "mlp.proj.bias"]
    z = layer_norm(x, W["lnf.weight"], W["lnf.bias"])
    logits = z @ W["head.weight"].T + W["head.bias"]
    scores = z @ W["score.weight"] + W["score.bias"][0] if learned else np.zeros(T, dtype=dtype)
    return {"logits": logits, "scores": scores, "states": np.stack(block_inputs, 1), "z": z}


def decode_labels(config, logits, transitions=None):
    """Label ids of one chunk (docs/MODEL.md, "Decoding"). Config files without "decoding"
    decode by argmax. bio-viterbi: the sequence maximising the summed log-softmax
    probabilities (plus, for a CRF model, the transition scores between consecutive labels)
    among those where every I-X follows B-X or I-X (the first word free)."""
    log_p = logits - logits.max(1, keepdims=True)
    log_p = log_p - np.log(np.exp(log_p).sum(1, keepdims=True))
    if config.get("decoding", "argmax") == "argmax":
        return [int(j) for j in log_p.argmax(1)]
    labels = config["labels"]
    K = len(labels)

    def allowed(previous, following):
        if not following.startswith("I-"):
            return True
        return previous in ("B-" + following[2:], "I-" + following[2:])

    # best[j]: (score, path) of the best valid prefix ending in label j; ties to the lower index.
    best = {j: (log_p[0, j], [j]) for j in range(K)}
    for t in range(1, len(log_p)):
        step = {}
        for j in range(K):
            # A CRF model (config "crf") adds its learned transition score head.transitions[i, j].
            options = [(best[i][0] + (0.0 if transitions is None else transitions[i, j]), i)
                       for i in range(K) if allowed(labels[i], labels[j])]
            score, i = max(options, key=lambda o: (o[0], -o[1]))
            step[j] = (score + log_p[t, j], best[i][1] + [j])
        best = step
    return max(((best[j][0], -j, best[j][1]) for j in range(K)))[2]


def main():
    checkpoint, input_path, output_path = sys.argv[1:4]
    config = json.load(open(f"{checkpoint}/config.json"))
    W = load_safetensors(f"{checkpoint}/model.safetensors")
    logits, scores = forward(config, W, json.load(open(input_path)))
    json.dump({"logits": logits.ravel().tolist(), "wordScores": scores.tolist(),
               "labels": decode_labels(config, logits, W.get("head.transitions"))}, open(output_path, "w"))


if __name__ == "__main__":
    main()
