#!/usr/bin/env python3
"""bench-append: the latency of session appends against the model's own time for them.

Starts `memtx serve` (release build, --store memory, a free loopback port), streams a
document into a session in chunks of --piece words, one request at a time, and for each
append records the client's wall time and the model's time the server reports in
`Server-Timing: model;dur=<ms>` (pass 1 of that chunk on the compute queue). Prints p50/p90
of both and their ratio, and writes bench-results/append.json. Stops the server it starts.
    scripts/bench-append.py [--piece 64] [--chunks 400] [--store memory|sqlite] [--binary PATH] [--json PATH]
"""
import argparse, http.client, json, os, random, shutil, socket, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORDS = ("the European Commission said on Thursday it disagreed with German advice to consumers "
         "to shun British lamb until scientists determine whether mad cow disease can be transmitted "
         "to sheep . Peter Blackburn of Brussels visited Paris and Berlin with Werner Zwingmann").split()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--piece", type=int, default=64, help="words per append")
    parser.add_argument("--chunks", type=int, default=400, help="appends to measure")
    parser.add_argument("--store", default="memory", choices=["memory", "sqlite"])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/memtx"))
    parser.add_argument("--json", default=os.path.join(ROOT, "bench-results", "append.json"), help="where to write the result")
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"no {args.binary}: run make release")
    port, data = free_port(), tempfile.mkdtemp(prefix="memtx-bench-append-")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    server = subprocess.Popen([args.binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--store", args.store,
                               "--data-dir", data, "--log-level", "warning"], env=env, cwd=ROOT)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(600):
            try:
                connection.request("GET", "/health/ready")
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    break
            except OSError:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            time.sleep(0.1)
        else:
            sys.exit("the server did not get ready")
        connection.request("POST", "/v1/sessions", body="{}", headers={"Content-Type": "application/json"})
        session = json.loads(connection.getresponse().read())["id"]
        generator = random.Random(7)
        wall, model = [], []
        for seq in range(args.chunks + 20):
            words = [generator.choice(WORDS) for _ in range(args.piece)]
            body = json.dumps({"seq": seq, "words": words})
            started = time.perf_counter()
            connection.request("POST", f"/v1/sessions/{session}/chunks", body=body,
                               headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                sys.exit(f"append {seq}: HTTP {response.status}")
            timing = response.getheader("Server-Timing", "")
            if seq >= 20:   # the first appends warm the caches
                wall.append(elapsed)
                model.append(float(timing.split("dur=")[1]))
        result = {
            "piece_words": args.piece, "appends": len(wall), "store": args.store,
            "wall_ms_p50": round(percentile(wall, 0.5), 3), "wall_ms_p90": round(percentile(wall, 0.9), 3),
            "model_ms_p50": round(percentile(model, 0.5), 3), "model_ms_p90": round(percentile(model, 0.9), 3),
        }
        result["wall_over_model_p50"] = round(result["wall_ms_p50"] / result["model_ms_p50"], 3)
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as out:
            json.dump(result, out, indent=2)
        print(json.dumps(result))
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
