#!/usr/bin/env python3
"""bench-append: the latency of session appends against the model's own time for them.

Starts `memtx serve` (release build, --store memory, a free loopback port), streams a
document into a session in chunks of --piece words, one request at a time on one kept-alive
connection, and for each append records the client's wall time and the model's time the
server reports in `Server-Timing: model;dur=<ms>` (pass 1 of that chunk on the compute queue).
The client is a bare socket that sends prepared bytes and reads the answer by its
Content-Length (http.client's header parsing alone costs about 0.1 ms a request); the same
client's round trip of `GET /health/live` is measured in the same run as the floor no server
can go under. Prints p50/p90 of each and the ratios, and writes bench-results/append.json.
Stops the server it starts.
    scripts/bench-append.py [--piece 64] [--chunks 400] [--store memory|sqlite] [--binary PATH] [--json PATH]
"""
import argparse, json, os, random, shutil, socket, statistics, subprocess, sys, tempfile, time

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


class Client:
    """One kept-alive HTTP/1.1 connection: prepared bytes out, the answer read by Content-Length."""

    def __init__(self, port):
        self.port = port
        self.socket = socket.create_connection(("127.0.0.1", port))
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.pending = b""

    def request(self, method, path, body=None):
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.socket.sendall(head.encode() + b"\r\n" + (body or b""))
        while b"\r\n\r\n" not in self.pending:
            self.pending += self.receive()
        head, self.pending = self.pending.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = dict((name.strip().lower(), value.strip()) for name, value in (line.split(":", 1) for line in lines[1:]))
        length = int(headers.get("content-length", "0"))
        while len(self.pending) < length:
            self.pending += self.receive()
        body, self.pending = self.pending[:length], self.pending[length:]
        return int(lines[0].split()[1]), body, headers

    def receive(self):
        data = self.socket.recv(1 << 20)
        if not data:
            raise ConnectionError("the server closed the connection")
        return data


def wait_ready(port, server):
    """A client once `GET /health/ready` answers 200 (within 60 s)."""
    for _ in range(600):
        if server.poll() is not None:
            sys.exit("the server exited")
        try:
            client = Client(port)
            if client.request("GET", "/health/ready")[0] == 200:
                return client
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit("the server did not get ready")


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
        client = wait_ready(port, server)
        status, body, _ = client.request("POST", "/v1/sessions", b"{}")
        session = json.loads(body)["id"]
        generator = random.Random(7)
        wall, model = [], []
        for seq in range(args.chunks + 20):
            words = [generator.choice(WORDS) for _ in range(args.piece)]
            payload = json.dumps({"seq": seq, "words": words}).encode()
            started = time.perf_counter()
            status, _, headers = client.request("POST", f"/v1/sessions/{session}/chunks", payload)
            elapsed = (time.perf_counter() - started) * 1000
            if status != 200:
                sys.exit(f"append {seq}: HTTP {status}")
            if seq >= 20:   # the first appends warm the caches
                wall.append(elapsed)
                model.append(float(headers["server-timing"].split("dur=")[1]))
        floor = []
        for index in range(args.chunks + 20):
            started = time.perf_counter()
            status, _, _ = client.request("GET", "/health/live")
            if index >= 20:
                floor.append((time.perf_counter() - started) * 1000)
        result = {
            "piece_words": args.piece, "appends": len(wall), "store": args.store,
            "wall_ms_p50": round(percentile(wall, 0.5), 3), "wall_ms_p90": round(percentile(wall, 0.9), 3),
            "model_ms_p50": round(percentile(model, 0.5), 3), "model_ms_p90": round(percentile(model, 0.9), 3),
        }
        result["floor_ms_p50"] = round(percentile(floor, 0.5), 3)
        result["wall_over_model_p50"] = round(result["wall_ms_p50"] / result["model_ms_p50"], 3)
        # What the server adds beyond the model and the bare round trip of its cheapest request.
        result["server_overhead_ms_p50"] = round(result["wall_ms_p50"] - result["model_ms_p50"] - result["floor_ms_p50"], 3)
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
