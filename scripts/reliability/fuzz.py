#!/usr/bin/env python3
"""Conformance fuzzing of the live server against openapi.yaml with schemathesis 4.x
(`st run ... --checks all`): no 5xx, every status, content type, header and body as the
spec documents them.

Two runs against one server (SQLite store, temporary data dir):
  1. every operation, path ids as schemathesis generates them (so session routes mostly
     see unknown ids: 404), all phases (examples, coverage, fuzzing, stateful);
  2. the session routes (not DELETE) against one real session holding a few chunks, so
     chunk appends, labels, memory and queries are fuzzed past the 404.
Each run is bounded by --max-examples per operation and --max-time; the seed is fixed
(MEMTX_FUZZ_SEED to change it) so a failure can be replayed. Reports (JUnit, NDJSON
events, a pytest file reproducing failures) go to .build-reliability/fuzz/.

Usage: fuzz.py [--fast]   (needs `st`: ST=path, or .build-reliability/venv/bin/st, or PATH)
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import HOST, ROOT, Report, Server, log  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

SPEC = os.path.join(ROOT, "openapi.yaml")
OUT = os.path.join(ROOT, ".build-reliability", "fuzz")


# Documented refusals of schema-valid requests: the JSON Schema cannot say "exactly one of
# text and words", "offset within the document", "seq is the next one" or "the session
# exists", so 404, 409 and 422 (and 429 under load) are right answers to such requests.
# 400 too: the spec's integers have no bound, and the server answers one beyond 64 bits
# as a wrong type (400); an NDJSON upload is a string to the spec but must hold JSON lines.
CONFIG = """
[checks.positive_data_acceptance]
expected-statuses = ["2XX", "400", "404", "409", "410", "422", "429"]
"""
# Checks left out, each a known finding reported rather than a failure of the suite
# (docs/RELIABILITY.md): the server's JSON decoding accepts null for optional fields, any
# JSON value as the body of POST /v1/sessions, and unknown keys (negative_data_rejection);
# a known path with an undeclared method answers 404 rather than 405 (unsupported_method).
EXCLUDED = os.environ.get("MEMTX_FUZZ_EXCLUDE_CHECKS", "negative_data_rejection,unsupported_method")


def served_spec(server, report):
    """The spec the server under test serves (its contract), saved for st; a difference
    from the repository's openapi.yaml is reported."""
    status, _, data = server.request("GET", "/openapi.yaml")
    if status != 200:
        raise SystemExit(f"GET /openapi.yaml answered {status}")
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "served-openapi.yaml")
    with open(path, "wb") as f:
        f.write(data)
    with open(SPEC, "rb") as f:
        same = f.read() == data
    report.figure("spec", "openapi.yaml" if same else "served spec (differs from openapi.yaml)")
    if not same:
        log("  note: the server's GET /openapi.yaml differs from openapi.yaml; fuzzing against the served one")
    return path


def st_binary():
    for candidate in (os.environ.get("ST"), os.path.join(ROOT, ".build-reliability", "venv", "bin", "st"),
                      shutil.which("st")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise SystemExit("schemathesis not found: run scripts/reliability/setup.sh (or set ST=/path/to/st)")


def run_st(report, name, server, spec, examples, seconds, extra_args=(), config=None):
    """One `st run`; returns (test cases, failures found, operations) from its JUnit report."""
    out = os.path.join(OUT, name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    args = [st_binary()]
    path = os.path.join(out, "schemathesis.toml")
    with open(path, "w") as f:
        f.write(CONFIG + (config or ""))
    args += ["--config-file", path]
    args += ["run", spec, "--url", f"http://{HOST}:{server.port}", "--checks", "all", "--exclude-checks", EXCLUDED,
             "--max-examples", str(examples), "--max-time", str(seconds), "--workers", "2",
             "--seed", os.environ.get("MEMTX_FUZZ_SEED", "20261130"), "--generation-database", "none",
             "--request-timeout", "60", "--continue-on-failure", "--no-color",
             "--report", "junit,ndjson,pytest", "--report-dir", out, "--output-truncate", "true"] + list(extra_args)
    log(f"  {name}: st run --checks all --max-examples {examples} --max-time {seconds} {' '.join(extra_args)}")
    for attempt in (1, 2):
        for stale in glob.glob(os.path.join(out, "junit*.xml")):
            os.remove(stale)
        with open(os.path.join(out, "stdout.txt"), "w") as stdout:
            code = subprocess.run(args, stdout=stdout, stderr=subprocess.STDOUT, cwd=OUT,
                                  env=dict(os.environ, SCHEMATHESIS_HOOKS="st_hooks", PYTHONPATH=HERE), timeout=seconds + 300).returncode
        with open(os.path.join(out, "stdout.txt")) as f:
            text = f.read()
        # CPython 3.11 can raise this SystemError inside Hypothesis when two worker threads
        # parse source at once (a fault of the tool's interpreter, not of a response): run again once.
        if code == 0 or TOOL_FAULT not in text or attempt == 2:
            break
        log(f"  {name}: schemathesis hit '{TOOL_FAULT}' (an interpreter fault in the tool); running it again")
    cases = re.search(r"Test cases:\s*(\d+) generated", text)
    cases = int(cases.group(1)) if cases else None
    operations = re.search(r"Tested:\s*(\d+)", text)
    failures = parse_junit(out)
    summary = text[text.rfind("SUMMARY"):] if "SUMMARY" in text else text[-3000:]
    if code != 0 or failures:
        log(summary[:8000])
    log(f"  {name}: exit {code}, {cases} test cases, {failures} failing operations/checks")
    report.check(code == 0, f"{name}: schemathesis exited {code} (see {out}/stdout.txt)")
    return cases or 0, failures, int(operations.group(1)) if operations else None


TOOL_FAULT = "AST constructor recursion depth mismatch"


def parse_junit(out):
    """Failures and errors the JUnit report counts."""
    paths = glob.glob(os.path.join(out, "junit*.xml"))
    if not paths:
        return 0
    root = ET.parse(paths[0]).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    return sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)


def main():
    fast = "--fast" in sys.argv
    examples, seconds = (10, 60) if fast else (50, 300)
    report = Report("fuzz")
    cases_total = failures_total = 0
    with Server(name="fuzz") as server:
        status, body, _ = server.json("POST", "/v1/sessions", {}, expect=201)
        sid = body["id"]
        for seq, text in enumerate(["EU rejects German call to boycott British lamb . ",
                                    "Peter Blackburn reports from Brussels . ",
                                    "Germany 's representative to the European Union said on Wednesday . "]):
            server.json("POST", f"/v1/sessions/{sid}/chunks", {"seq": seq, "text": text}, expect=200)
        spec = served_spec(server, report)
        for name, extra, config in [
            ("all-operations", [], None),
            ("real-session", ["--include-path-regex", r"^/v1/sessions/\{id\}/", "--exclude-method", "DELETE"],
             f'[parameters]\n"path.id" = "{sid}"\n'),
        ]:
            cases, failures, operations = run_st(report, name, server, spec, examples, seconds // 2, extra, config)
            cases_total += cases
            failures_total += failures
            report.figure(f"{name}_operations", operations)
            report.figure(f"{name}_cases", cases)
            report.figure(f"{name}_failures", failures)
        report.check(server.alive(), f"the server died during fuzzing:\n{server.log_tail()}")
        status, _, _ = server.request("GET", "/health/ready")
        report.check(status == 200, f"GET /health/ready {status} after fuzzing")
    report.figure("cases", cases_total)
    report.figure("failures_found", failures_total)
    report.check(failures_total == 0, f"schemathesis found {failures_total} failures (reports in {OUT})")
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
