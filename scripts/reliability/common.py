"""Shared pieces of the reliability suite: a memtx server on a free loopback port with a
temporary data directory, plain HTTP requests, the API's error-shape check, RSS samples
from /proc, and a small report that prints figures and decides the exit status.

Standard library only. Every request goes to 127.0.0.1; every server started here is
stopped (SIGTERM, then SIGKILL) when its `with` block ends.
"""
import atexit
import contextlib
import http.client
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MEMTX = os.environ.get("MEMTX", os.path.join(ROOT, ".build", "release", "memtx"))
CHECKPOINT = os.environ.get("MEMTX_RELIABILITY_CHECKPOINT", os.path.join(ROOT, "checkpoints", "conll-en"))
RESULTS = os.path.join(ROOT, ".build-reliability", "results")
HOST = "127.0.0.1"

SCRATCH_POSTGRES = os.path.join(ROOT, "scripts", "postgres", "scratch.sh")

# Servers still running; stopped at exit, and on SIGTERM (a time-out of run.sh), so no
# server outlives its part.
_LIVE = set()


def _stop_live_servers():
    for proc in list(_LIVE):
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _on_sigterm(signum, _frame):
    _stop_live_servers()
    raise SystemExit(128 + signum)


atexit.register(_stop_live_servers)
signal.signal(signal.SIGTERM, _on_sigterm)


def free_port():
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """`memtx serve` on a free port. `data_dir` is kept across restart(); it is a fresh
    temporary directory unless given. The log goes to a file beside it."""

    def __init__(self, *flags, data_dir=None, env=None, name="server"):
        self.flags = list(flags)
        self.name = name
        self.own_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="memtx-rel-")
        self.log_path = os.path.join(self.data_dir, f"{name}.log")
        # The server reads MEMTX_* settings from its environment: only ours reach it.
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("MEMTX_")}
        self.env.update(env or {})
        self.port = None
        self.proc = None

    # -- life cycle --------------------------------------------------------------
    def start(self, ready_timeout=60):
        if not os.access(MEMTX, os.X_OK):
            raise SystemExit(f"no memtx binary at {MEMTX}: run `make release` or set MEMTX")
        self.port = free_port()
        args = [MEMTX, "serve", "--host", HOST, "--port", str(self.port), "--checkpoint", CHECKPOINT,
                "--data-dir", os.path.join(self.data_dir, "store"), "--log-level", "warning"] + self.flags
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=self.env, cwd=ROOT,
                                     start_new_session=True)
        log.close()
        _LIVE.add(self.proc)
        self.wait_ready(ready_timeout)
        return self

    def wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode} before it was ready; log:\n{self.log_tail()}")
            try:
                status, _, _ = request(self.port, "GET", "/health/ready", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} not ready after {timeout} s; log:\n{self.log_tail()}")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=20):
        """SIGTERM (a graceful stop), SIGKILL if it has not exited after `timeout` s.
        Returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        _LIVE.discard(self.proc)
        return self.proc.returncode

    def kill9(self):
        """SIGKILL: no flush, no goodbye."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        _LIVE.discard(self.proc)

    def restart(self, ready_timeout=60):
        """A new process on the same data directory (and a new port)."""
        return self.start(ready_timeout)

    def cleanup(self):
        if self.own_dir and os.environ.get("MEMTX_RELIABILITY_KEEP") is None:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        self.cleanup()

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, "rb") as f:
                return b"\n".join(f.read().splitlines()[-lines:]).decode("utf-8", "replace")
        except OSError:
            return "(no log)"

    # -- memory --------------------------------------------------------------------
    def memory_kib(self):
        """(VmRSS, VmHWM) of the server process in KiB, from /proc/PID/status."""
        values = {}
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0])
        return values.get("VmRSS", 0), values.get("VmHWM", 0)

    # -- requests --------------------------------------------------------------------
    def request(self, method, path, body=None, headers=None, timeout=60):
        return request(self.port, method, path, body, headers, timeout)

    def json(self, method, path, payload=None, headers=None, timeout=120, expect=None):
        """A JSON request; returns (status, parsed body or None, headers)."""
        body = None if payload is None else json.dumps(payload).encode()
        hdrs = {"Content-Type": "application/json"} if body is not None else {}
        hdrs.update(headers or {})
        status, rheaders, data = request(self.port, method, path, body, hdrs, timeout)
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = None
        if expect is not None and status != expect:
            raise AssertionError(f"{method} {path}: expected {expect}, got {status}: {data[:300]!r}")
        return status, parsed, rheaders


class Sampler:
    """Samples a server's VmRSS every `interval` s on a thread; `peak` is the highest."""

    def __init__(self, server, interval=0.2):
        self.server, self.interval = server, interval
        self.samples = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            try:
                self.samples.append(self.server.memory_kib()[0])
            except OSError:
                return
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def peak(self):
        return max(self.samples, default=0)


def request(port, method, path, body=None, headers=None, timeout=60):
    """One HTTP/1.1 request on a fresh connection: (status, headers as a lowercase dict, body bytes)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    finally:
        conn.close()


def error_shape_problem(status, headers, data):
    """None when an error response is what the API promises: a JSON body
    {"error": {"code": str, "message": str, "details"?: {str: int}}} and Retry-After on
    429 and 503; otherwise what is wrong."""
    ctype = headers.get("content-type", "")
    if not ctype.startswith("application/json"):
        return f"content-type {ctype!r}, not application/json"
    if headers.get("content-encoding") == "gzip":
        import gzip
        data = gzip.decompress(data)
    try:
        body = json.loads(data)
    except ValueError:
        return f"body is not JSON: {data[:120]!r}"
    if not isinstance(body, dict) or set(body) != {"error"} or not isinstance(body["error"], dict):
        return f"body is not {{\"error\": {{...}}}}: {data[:200]!r}"
    error = body["error"]
    if not isinstance(error.get("code"), str) or not isinstance(error.get("message"), str):
        return f"error lacks code or message: {error!r}"
    extra = set(error) - {"code", "message", "details"}
    if extra:
        return f"error has unexpected keys {sorted(extra)}"
    details = error.get("details")
    if details is not None and not (isinstance(details, dict) and all(isinstance(v, int) for v in details.values())):
        return f"details is not an object of integers: {details!r}"
    if status in (429, 503) and "retry-after" not in headers:
        return f"{status} without Retry-After"
    return None


def percentile(values, p):
    """The p-th percentile (nearest rank) of `values`."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[rank]


class Report:
    """Figures and failures of one part; `finish()` prints them, saves them under
    .build-reliability/results/NAME.json and returns the exit status."""

    def __init__(self, name):
        self.name = name
        self.figures = {}
        self.failures = []
        self.started = time.monotonic()

    def figure(self, key, value):
        self.figures[key] = value

    def fail(self, message):
        self.failures.append(message)
        print(f"  FAIL {message}", flush=True)

    def check(self, condition, message):
        if not condition:
            self.fail(message)
        return condition

    def finish(self):
        self.figures["seconds"] = round(time.monotonic() - self.started, 1)
        self.figures["failures"] = len(self.failures)
        os.makedirs(RESULTS, exist_ok=True)
        with open(os.path.join(RESULTS, f"{self.name}.json"), "w") as f:
            json.dump({"figures": self.figures, "failures": self.failures}, f, indent=2)
        print(f"== {self.name}: " + ", ".join(f"{k} {v}" for k, v in self.figures.items()), flush=True)
        for failure in self.failures[:50]:
            print(f"   failure: {failure}")
        print(f"{self.name}: {'PASS' if not self.failures else 'FAIL'}", flush=True)
        return 0 if not self.failures else 1


def log(message):
    print(message, flush=True)
    sys.stdout.flush()


# -- a long document with recurring names -------------------------------------------
PEOPLE = ["Peter Blackburn", "Angela Merkel", "Jacques Santer", "Franz Fischler", "Nelson Mandela", "Boris Yeltsin",
          "Bill Clinton", "Helmut Kohl", "Werner Zwingmann", "Hans-Dieter Schmidt", "Yasser Arafat", "Steffi Graf"]
PLACES = ["Brussels", "Germany", "Bonn", "Paris", "London", "Moscow", "Washington", "Jerusalem", "Tokyo", "Zürich",
          "South Africa", "New York"]
ORGS = ["European Commission", "EU", "Reuters", "United Nations", "NATO", "Bundesbank", "Deutsche Telekom",
        "World Bank", "Red Cross", "Commerzbank"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "{p} said on {d} that the {o} would meet in {l} next week .",
    "The {o} rejected a call by {p} to boycott exports from {l} .",
    "{p} , speaking in {l} , told {o} that talks would resume on {d} .",
    "Officials in {l} said {p} had met the {o} chairman on {d} .",
    "Shares in {o} rose 3.5 percent in {l} after {p} backed the plan .",
    "\" We will not accept this , \" {p} told reporters in {l} .",
    "{l} and {l2} agreed on {d} to ask the {o} for help , {p} said .",
    "The report by {o} was published in {l} on {d} .",
]


def generate_words(count, seed):
    """About `count` words of newswire-like sentences in which the same people, places and
    organisations recur (so memory matters), as a list of words (no spaces inside)."""
    import random
    rng = random.Random(seed)
    words = []
    while len(words) < count:
        sentence = rng.choice(TEMPLATES).format(p=rng.choice(PEOPLE), l=rng.choice(PLACES), l2=rng.choice(PLACES),
                                                o=rng.choice(ORGS), d=rng.choice(DAYS))
        words.extend(sentence.split())
    return words[:count]


def split_chunks(words, smallest, largest, seed):
    """The words cut into chunk texts of `smallest`..`largest` words, each ending in a space,
    so that the concatenation of the chunks is the document."""
    import random
    rng = random.Random(seed)
    chunks, i = [], 0
    while i < len(words):
        n = rng.randint(smallest, largest)
        chunks.append(" ".join(words[i:i + n]) + " ")
        i += n
    return chunks


@contextlib.contextmanager
def scratch_postgres(prefix):
    """A throwaway PostgreSQL on a free loopback port (scripts/postgres/scratch.sh) in a
    temporary directory: yields its URL, and stops it and removes the directory after."""
    directory = tempfile.mkdtemp(prefix=prefix)
    os.chmod(directory, 0o755)
    data = os.path.join(directory, "data")
    url = subprocess.run([SCRATCH_POSTGRES, "start", data, str(free_port())],
                         check=True, capture_output=True, text=True).stdout.strip()
    try:
        yield url
    finally:
        subprocess.run([SCRATCH_POSTGRES, "stop", data], check=False)
        shutil.rmtree(directory, ignore_errors=True)
