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


def st_binary():
    for candidate in (os.environ.get("ST"), os.path.join(ROOT, ".build-reliability", "venv", "bin", "st"),
                      shutil.which("st")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise SystemExit("schemathesis not found: run scripts/reliability/setup.sh (or set ST=/path/to/st)")


def run_st(report, name, server, examples, seconds, extra_args=(), config=None):
    """One `st run`; returns (test cases, failures found, operations) from its JUnit report."""
    out = os.path.join(OUT, name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    args = [st_binary()]
    if config:
        path = os.path.join(out, "schemathesis.toml")
        with open(path, "w") as f:
            f.write(config)
        args += ["--config-file", path]
    args += ["run", SPEC, "--url", f"http://{HOST}:{server.port}", "--checks", "all",
             "--max-examples", str(examples), "--max-time", str(seconds), "--workers", "2",
             "--seed", os.environ.get("MEMTX_FUZZ_SEED", "20261130"), "--generation-database", "none",
             "--request-timeout", "60", "--continue-on-failure", "--no-color",
             "--report", "junit,ndjson,pytest", "--report-dir", out, "--output-truncate", "true"] + list(extra_args)
    log(f"  {name}: st run --checks all --max-examples {examples} --max-time {seconds} {' '.join(extra_args)}")
    with open(os.path.join(out, "stdout.txt"), "w") as stdout:
        code = subprocess.run(args, stdout=stdout, stderr=subprocess.STDOUT, cwd=ROOT,
                              env=dict(os.environ, SCHEMATHESIS_HOOKS="st_hooks", PYTHONPATH=HERE), timeout=seconds + 300).returncode
    with open(os.path.join(out, "stdout.txt")) as f:
        text = f.read()
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
        for name, extra, config in [
            ("all-operations", [], None),
            ("real-session", ["--include-path-regex", r"^/v1/sessions/\{id\}/", "--exclude-method", "DELETE"],
             f'[parameters]\n"path.id" = "{sid}"\n'),
        ]:
            cases, failures, operations = run_st(report, name, server, examples, seconds // 2, extra, config)
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
