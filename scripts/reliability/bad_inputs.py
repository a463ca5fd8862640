#!/usr/bin/env python3
"""Bad-input corpus: requests a careless or hostile client sends, each of which must get
the status openapi.yaml documents and a JSON error body {"error": {"code", "message"}},
with the server healthy afterwards (GET /health/ready 200, process alive).

Server A has the default limits; B small limits (body, words, batch, chunk, session) and
two API keys, for the limit and auth cases. Two more are started just before their cases:
C with a 1.2 s session idle time-out (expiry), D with --request-deadline-seconds 3 (slow
clients). Not covered here: the connection idle time-out and --max-connections, and the
queue limit (load.py covers 429).

Usage: bad_inputs.py [--fast]   (the corpus is small; --fast only skips the 1 GB gzip bomb)
"""
import gzip
import http.client
import json
import os
import select
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import HOST, Report, Server, error_shape_problem, generate_words, log, request  # noqa: E402

KEY = "reliability-key-0123456789"
OTHER_KEY = "reliability-key-other-98765"
B_LIMITS = dict(body=65536, words=500, batch=4, chunk=200, session=400)
J = {"Content-Type": "application/json"}


def dumps(value):
    """JSON as UTF-8, non-ASCII characters as themselves (not \\u escapes)."""
    return json.dumps(value, ensure_ascii=False).encode()


class Corpus:
    """Sends cases and checks their answers."""

    def __init__(self, report):
        self.report = report
        self.tried = 0
        self.by_status = {}

    def expect(self, name, server, method, path, body=None, headers=None, status=(400,), code=None,
               auth=True, check=None, timeout=60, json_error=True):
        """One case: `status` is the set of acceptable statuses, `code` the error code when
        one is documented; `check(parsed body, headers)` returns a problem or None."""
        self.tried += 1
        hdrs = dict(headers or {})
        if auth and server.key:
            hdrs.setdefault("Authorization", f"Bearer {server.key}")
        try:
            got, rheaders, data = request(server.port, method, path, body, hdrs, timeout)
        except OSError as error:
            self.report.fail(f"{name}: {method} {path[:80]}: no answer ({error})")
            return None
        self.by_status[got] = self.by_status.get(got, 0) + 1
        if not json_error and got >= 400:
            return self.judge(name, method, path, status, None, None, got, rheaders, data, json_error=False)
        return self.judge(name, method, path, status, code, check, got, rheaders, data)

    def judge(self, name, method, path, status, code, check, got, rheaders, data, json_error=True):
        statuses = status if isinstance(status, (tuple, list, set)) else (status,)
        where = f"{name}: {method} {path[:80]}"
        if got not in statuses:
            self.report.fail(f"{where}: status {got}, expected {'/'.join(map(str, statuses))}: {data[:200]!r}")
            return None
        if got >= 400 and not json_error:
            return None
        if got >= 400:
            problem = error_shape_problem(got, rheaders, data)
            if problem:
                self.report.fail(f"{where}: {problem}")
                return None
            body = json.loads(gzip.decompress(data) if rheaders.get("content-encoding") == "gzip" else data)
            if code and body["error"]["code"] != code:
                self.report.fail(f"{where}: code {body['error']['code']!r}, expected {code!r}")
            if check:
                problem = check(body, rheaders)
                if problem:
                    self.report.fail(f"{where}: {problem}")
            return body
        body = None
        if data and rheaders.get("content-type", "").startswith("application/json"):
            body = json.loads(data)
        if check:
            problem = check(body, rheaders)
            if problem:
                self.report.fail(f"{where}: {problem}")
        return body

    def raw(self, name, server, head, body_parts, status, code=None, pause=0.0, timeout=30):
        """A hand-written HTTP/1.1 request (for lying Content-Length and chunked bodies):
        sends `head` and then `body_parts` until the server answers or the parts run out."""
        self.tried += 1
        with socket.create_connection((HOST, server.port), timeout=timeout) as sock:
            sock.sendall(head.encode())
            sent = 0
            try:
                for part in body_parts:
                    sock.sendall(part)
                    sent += len(part)
                    if pause:
                        time.sleep(pause)
            except OSError:
                pass  # the server answered and closed: what a limit should do
            sock.settimeout(timeout)
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    piece = sock.recv(65536)
                    if not piece:
                        break
                    data += piece
                headers_end = data.find(b"\r\n\r\n")
                header_lines = data[:headers_end].decode("latin-1").split("\r\n")
                rheaders = {}
                for line in header_lines[1:]:
                    k, _, v = line.partition(":")
                    rheaders[k.strip().lower()] = v.strip()
                length = int(rheaders.get("content-length", "0"))
                rest = data[headers_end + 4:]
                while len(rest) < length:
                    piece = sock.recv(65536)
                    if not piece:
                        break
                    rest += piece
                got = int(header_lines[0].split()[1])
            except (OSError, ValueError, IndexError) as error:
                self.report.fail(f"{name}: no parsable answer after {sent} body bytes ({error}): {data[:200]!r}")
                return None
        self.by_status[got] = self.by_status.get(got, 0) + 1
        return self.judge(name, head.split()[0], head.split()[1], status, code, None, got, rheaders, rest)

    def trickle(self, server, parts, interval, give_up=10.0):
        """A slow client: sends `parts` on a fresh connection, one every `interval` s, until
        the server answers or closes the connection or `give_up` s have passed since the
        first part. Returns a dict: `seconds` from the first part to the server's first
        reaction (answer, close or reset; None when it did nothing), `status` (None when
        it wrote no answer), `headers` and `body` of its answer, `closed` (the server closed the
        connection within `give_up` s, plus 2 s to see the close after an answer) and
        `sent` (bytes)."""
        self.tried += 1
        result = dict(seconds=None, status=None, headers={}, body=b"", closed=False, sent=0)
        with socket.create_connection((HOST, server.port), timeout=give_up) as sock:
            start = time.monotonic()
            deadline = start + give_up
            pending = list(parts)
            while time.monotonic() < deadline:
                if pending:
                    part = pending.pop(0)
                    try:
                        sock.sendall(part)
                        result["sent"] += len(part)
                    except OSError:  # reset or broken pipe: the server has closed
                        result["seconds"], result["closed"] = time.monotonic() - start, True
                        break
                wait = max(0.0, min(interval if pending else give_up, deadline - time.monotonic()))
                if select.select([sock], [], [], wait)[0]:
                    result["seconds"] = time.monotonic() - start
                    break
            data = b""
            if result["seconds"] is not None:
                try:
                    while True:
                        sock.settimeout(max(0.1, deadline + 2 - time.monotonic()))
                        piece = sock.recv(65536)
                        if not piece:
                            result["closed"] = True
                            break
                        data += piece
                except socket.timeout:
                    pass
                except OSError:  # a reset after (or instead of) the answer
                    result["closed"] = True
        if data.startswith(b"HTTP/"):
            head, _, body = data.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            try:
                result["status"] = int(lines[0].split()[1])
            except (IndexError, ValueError):
                result["status"] = None
            for line in lines[1:]:
                k, _, v = line.partition(":")
                result["headers"][k.strip().lower()] = v.strip()
            result["body"] = body
            if result["status"] is not None:
                self.by_status[result["status"]] = self.by_status.get(result["status"], 0) + 1
        elif data:
            result["status"] = -1  # not HTTP
            result["body"] = data
        return result


def new_session(server):
    hdrs = {"Authorization": f"Bearer {server.key}"} if server.key else {}
    status, body, _ = server.json("POST", "/v1/sessions", {}, headers=hdrs, expect=201)
    return body["id"]


def chunk(server, sid, seq, text):
    hdrs = {"Authorization": f"Bearer {server.key}"} if server.key else {}
    return server.json("POST", f"/v1/sessions/{sid}/chunks", {"seq": seq, "text": text}, headers=hdrs)


def malformed_json(c, a):
    valid = dumps({"text": "EU rejects German call to boycott British lamb ."})
    bodies = [b"", b"{", b"}", b"not json", b"{\"text\": }", b"{'text': 'a'}",
              b"{\"text\": \"a\"} trailing", b"[]", b"null", b"42", b"\"text\"", b"{\"text\": \"unterminated}",
              b"{\"text\": \"bad escape \\x41\"}", b"{\"text\": NaN}", b"\x00\x00\x00", b"{\"text\": \"a\"}\x00"]
    for i, body in enumerate(bodies):
        c.expect(f"malformed json #{i}", a, "POST", "/v1/label", body, J, 400, "malformed_json")
    for cut in (1, 5, 9, 17, len(valid) // 2, len(valid) - 2, len(valid) - 1):
        c.expect(f"truncated json at {cut}", a, "POST", "/v1/label", valid[:cut], J, 400, "malformed_json")
    sid = new_session(a)
    chunk_body = dumps({"seq": 0, "text": "Peter Blackburn ."})
    for cut in (0, 3, len(chunk_body) - 1):
        c.expect(f"truncated chunk json at {cut}", a, "POST", f"/v1/sessions/{sid}/chunks", chunk_body[:cut], J, 400,
                 "malformed_json")
    c.expect("truncated query json", a, "POST", f"/v1/sessions/{sid}/query", b"{\"type\": \"look", J, 400,
             "malformed_json")
    c.expect("malformed session create", a, "POST", "/v1/sessions", b"{", J, 400, "malformed_json")
    # Known leniencies of the server's JSON decoding (reported, not failed): a trailing comma
    # is accepted, and so is any JSON container where POST /v1/sessions wants an object.
    c.expect("trailing comma (lenient)", a, "POST", "/v1/label", b"{\"text\": \"a\",}", J, (200, 400))
    c.expect("session create with an array (lenient)", a, "POST", "/v1/sessions", b"[]", J, (201, 400))
    c.expect("session create with a number (lenient)", a, "POST", "/v1/sessions", b"42", J, (201, 400))


def wrong_types(c, a):
    cases = [({"text": 5}, 400), ({"words": [1, 2]}, 400),
             ({"words": "EU rejects"}, 400), ({"documents": {}}, 400), ({"documents": ["text"]}, 400),
             ({"documents": [{"text": 1}]}, 400), ({"text": ["a"]}, 400), ({"text": True}, 400),
             ({"text": {"nested": "x"}}, 400)]
    for i, (payload, status) in enumerate(cases):
        c.expect(f"label wrong type #{i}", a, "POST", "/v1/label", dumps(payload), J, status, "malformed_json")
    sid = new_session(a)
    path = f"/v1/sessions/{sid}/chunks"
    for i, payload in enumerate([{"seq": "0", "text": "a"}, {"seq": 1.5, "text": "a"},
                                 {"text": "a"}, {"seq": 0, "text": 7}, {"seq": 0, "words": "a"},
                                 {"seq": 0, "text": "a", "labels": "yes"}, {"seq": 1e30, "text": "a"},
                                 {"seq": 0, "words": [None]}]):
        c.expect(f"chunk wrong type #{i}", a, "POST", path, dumps(payload), J, 400, "malformed_json")
    query = f"/v1/sessions/{sid}/query"
    for i, payload in enumerate([{}, {"type": 1}, {"type": "lookup", "word": 3}, {"type": "attention", "index": "1"},
                                 {"type": "nearest", "text": "x", "k": "5"}]):
        c.expect(f"query wrong type #{i}", a, "POST", query, dumps(payload), J, 400, "malformed_json")
    # Valid JSON, invalid values: 422 with a code.
    c.expect("unknown query type", a, "POST", query, dumps({"type": "summarise"}), J, (400, 422))
    c.expect("negative seq", a, "POST", path, dumps({"seq": -1, "text": "a"}), J, 422, "invalid_seq")
    c.expect("text and words", a, "POST", path, dumps({"seq": 0, "text": "a", "words": ["a"]}), J, 422,
             "invalid_request")
    c.expect("neither text nor words", a, "POST", path, dumps({"seq": 0}), J, 422, "invalid_request")
    c.expect("label: no document", a, "POST", "/v1/label", dumps({}), J, 422, "invalid_request")
    c.expect("label: text and documents", a, "POST", "/v1/label",
             dumps({"text": "a", "documents": [{"text": "b"}]}), J, 422, "invalid_request")
    c.expect("label: word with a space", a, "POST", "/v1/label", dumps({"words": ["New York"]}), J, 422, "invalid_words")
    c.expect("label: empty word", a, "POST", "/v1/label", dumps({"words": ["EU", ""]}), J, 422, "invalid_words")
    c.expect("label: format=xml", a, "POST", "/v1/label?format=xml", dumps({"text": "EU"}), J, 422, "invalid_format")
    # Memory queries out of range (the session holds a few words).
    chunk(a, sid, 0, "Peter Blackburn visited Brussels . ")
    c.expect("query: k = 0", a, "POST", query, dumps({"type": "attention", "index": 0, "k": 0}), J, 422, "invalid_k")
    c.expect("query: k huge", a, "POST", query, dumps({"type": "nearest", "text": "Berlin", "k": 10**9}), J, 422,
             "invalid_k")
    c.expect("query: index past the end", a, "POST", query, dumps({"type": "attention", "index": 10**6}), J, 422,
             "index_out_of_range")
    c.expect("query: negative index", a, "POST", query, dumps({"type": "attention", "index": -1}), J, 422)
    c.expect("query: lookup without word", a, "POST", query, dumps({"type": "lookup"}), J, 422, "invalid_query")
    c.expect("query: attention without index", a, "POST", query, dumps({"type": "attention"}), J, 422, "invalid_query")
    c.expect("query: nearest, text too long", a, "POST", query, dumps({"type": "nearest", "text": "word " * 5000}), J,
             422, "invalid_query_text")
    labels = f"/v1/sessions/{sid}/labels"
    for query_string, code in [("limit=0", "invalid_parameter"), ("limit=100001", "invalid_parameter"),
                               ("limit=abc", "invalid_parameter"), ("offset=-1", "invalid_parameter"),
                               ("offset=99999999", "offset_out_of_range"), ("format=xml", "invalid_format"),
                               ("offset=1e3", "invalid_parameter"),
                               ("limit=99999999999999999999999", "invalid_parameter")]:
        c.expect(f"labels ?{query_string}", a, "GET", f"{labels}?{query_string}", status=422, code=code)


def null_fields(c, a):
    """An explicit null is refused, whatever the field: 422 `null_field` (it used to be
    taken as absent for optional fields, finding 2)."""
    # `format` is a query parameter, not a field of the body: a null there is an unknown
    # field as much as a null, and either refusal is right.
    c.expect("label: format null (a field the body does not have)", a, "POST", "/v1/label",
             dumps({"text": "Hello world", "format": None}), J, 422,
             check=lambda body, _: None if body["error"]["code"] in ("null_field", "unknown_field")
             else f"code {body['error']['code']}")
    label = [("label: text null beside words", {"text": None, "words": ["a"]}),
             ("label: words null beside text", {"text": "Hello world", "words": None}),
             ("label: documents null beside text", {"text": "Hello world", "documents": None}),
             ("label: only a null text", {"text": None}),
             ("label: null words in a batch document", {"documents": [{"text": "EU"}, {"text": "a", "words": None}]})]
    for name, payload in label:
        c.expect(name, a, "POST", "/v1/label", dumps(payload), J, 422, "null_field")
    # A null beside a wrong type: either refusal is right.
    c.expect("label: text null, words a string", a, "POST", "/v1/label", dumps({"text": None, "words": "a b"}), J,
             (400, 422), check=lambda body, _: None if body["error"]["code"] in ("malformed_json", "null_field")
             else f"code {body['error']['code']}")
    sid = new_session(a)
    path = f"/v1/sessions/{sid}/chunks"
    for name, payload in [("chunk: words null beside text", {"seq": 0, "text": "x", "words": None}),
                          ("chunk: text null beside words", {"seq": 0, "text": None, "words": ["x"]}),
                          ("chunk: labels null", {"seq": 0, "text": "x", "labels": None}),
                          ("chunk: seq null", {"seq": None, "text": "x"})]:
        c.expect(name, a, "POST", path, dumps(payload), J, 422, "null_field")
    query = f"/v1/sessions/{sid}/query"
    for name, payload in [("query: ignore_case null", {"type": "lookup", "word": "EU", "ignore_case": None}),
                          ("query: k null", {"type": "nearest", "text": "Berlin", "k": None}),
                          ("query: type null", {"type": None, "word": "EU"})]:
        c.expect(name, a, "POST", query, dumps(payload), J, 422, "null_field")
    c.expect("session create with a null field", a, "POST", "/v1/sessions", dumps({"x": None}), J, 422)
    # Nothing was appended by the refused chunks: seq 0 is still the next one.
    c.expect("chunk after the null refusals", a, "POST", path, dumps({"seq": 0, "text": "x"}), J, 200,
             check=lambda body, _: None if body["words_total"] == 1 else f"words_total {body['words_total']}")


def invalid_utf8(c, a):
    sid = new_session(a)
    samples = {"lone continuation byte": b"\x80", "0xff": b"\xff\xfe", "overlong slash": b"\xc0\xaf",
               "UTF-16 surrogate as UTF-8": b"\xed\xa0\x80", "truncated 3-byte sequence": b"\xe2\x82",
               "code point past U+10FFFF": b"\xf4\x90\x80\x80"}
    for name, raw in samples.items():
        body = b"{\"text\": \"Peter " + raw + b" Blackburn\"}"
        c.expect(f"invalid UTF-8 ({name}) in label", a, "POST", "/v1/label", body, J, 400, "invalid_utf8")
        body = b"{\"seq\": 0, \"text\": \"Peter " + raw + b"\"}"
        c.expect(f"invalid UTF-8 ({name}) in chunk", a, "POST", f"/v1/sessions/{sid}/chunks", body, J, 400,
                 "invalid_utf8")
    c.expect("invalid UTF-8 in a text/plain upload", a, "POST", f"/v1/sessions/{sid}/stream", b"Peter \xff Blackburn",
             {"Content-Type": "text/plain"}, 400, "invalid_utf8")
    # A lone surrogate escape is valid JSON syntax but not a Unicode string: refused or replaced, never a crash.
    c.expect("lone surrogate escape", a, "POST", "/v1/label", b"{\"text\": \"Peter \\ud800 Blackburn\"}", J,
             (200, 400, 422))
    # Valid non-ASCII: offsets count Unicode scalars.
    text = "Zürich 東京都 😀😀 e\u0301te Ωmega"

    def scalar_offsets(body, _):
        # Python indexes strings by code point: text[start:end] must be the word.
        wrong = [(w["word"], w["start"], w["end"]) for w in body["words"] if text[w["start"]:w["end"]] != w["word"]]
        if wrong or body["words"][-1]["end"] != len(text):
            return f"offsets are not in Unicode scalars: {wrong or body['words'][-1]}"
    c.expect("non-ASCII offsets", a, "POST", "/v1/label", dumps({"text": text}), J, 200, check=scalar_offsets)


def empty_documents(c, a):
    for name, payload, code in [("empty text", {"text": ""}, "empty_document"),
                                ("whitespace-only text", {"text": " \n\t\r\u00a0\u2003 "}, "empty_document"),
                                ("no words", {"words": []}, "empty_document"),
                                ("empty batch", {"documents": []}, "empty_batch"),
                                ("batch with an empty document", {"documents": [{"text": "EU"}, {"text": "  "}]},
                                 "empty_document")]:
        c.expect(f"label: {name}", a, "POST", "/v1/label", dumps(payload), J, 422, code)
    sid = new_session(a)
    for name, payload in [("empty chunk", {"seq": 0, "text": ""}), ("whitespace-only chunk", {"seq": 0, "text": "  \n "}),
                          ("chunk of no words", {"seq": 0, "words": []})]:
        c.expect(f"chunk: {name}", a, "POST", f"/v1/sessions/{sid}/chunks", dumps(payload), J, 422, "empty_chunk")
    c.expect("empty text/plain upload", a, "POST", f"/v1/sessions/{sid}/stream", b"", {"Content-Type": "text/plain"},
             200, check=lambda body, _: None if body["chunks_appended"] == 0 else f"appended {body}")
    c.expect("labels of an empty session", a, "GET", f"/v1/sessions/{sid}/labels", status=200,
             check=lambda body, _: None if body["total"] == 0 and body["words"] == [] else f"not empty: {body}")
    c.expect("memory of an empty session", a, "GET", f"/v1/sessions/{sid}/memory", status=200)


def huge_word(c, a):
    word = "a" * 1_000_000
    c.expect("1 MB word", a, "POST", "/v1/label", dumps({"text": word}), J, 200,
             check=lambda b, _: None if [(w["start"], w["end"]) for w in b["words"]] == [(0, 1_000_000)] else "offsets")
    wide = "é" * 500_000  # 1 MB of UTF-8, 500 000 scalars
    c.expect("1 MB word of 2-byte scalars", a, "POST", "/v1/label", dumps({"text": "Paris " + wide}), J, 200,
             check=lambda b, _: None if b["words"][-1]["end"] == 6 + 500_000 else f"end {b['words'][-1]['end']}")
    sid = new_session(a)
    c.expect("1 MB word as a chunk", a, "POST", f"/v1/sessions/{sid}/chunks", dumps({"seq": 0, "text": word}), J, 200)
    c.expect("labels after a 1 MB word", a, "GET", f"/v1/sessions/{sid}/labels", status=200)
    c.expect("1 MB word in a text/plain upload", a, "POST", f"/v1/sessions/{sid}/stream", (" " + word).encode(),
             {"Content-Type": "text/plain"}, 200)


def deep_nesting(c, a):
    for depth in (1_000, 100_000):
        c.expect(f"nested arrays, depth {depth}", a, "POST", "/v1/label", b"[" * depth + b"]" * depth, J, 400,
                 "malformed_json")
        c.expect(f"nested objects in text, depth {depth}", a, "POST", "/v1/label",
                 b"{\"text\": " + b"{\"a\": " * depth + b"1" + b"}" * depth + b"}", J, 400, "malformed_json")
        c.expect(f"unclosed nesting, depth {depth}", a, "POST", "/v1/label", b"[" * depth, J, 400, "malformed_json")
    c.expect("nested arrays as words", a, "POST", "/v1/label", b"{\"words\": " + b"[" * 5000 + b"]" * 5000 + b"}", J,
             400, "malformed_json")
    sid = new_session(a)
    c.expect("nested arrays as a chunk", a, "POST", f"/v1/sessions/{sid}/chunks",
             b"{\"seq\": 0, \"words\": " + b"[" * 50_000 + b"]" * 50_000 + b"}", J, 400, "malformed_json")
    c.expect("unknown field holding deep nesting", a, "POST", "/v1/label",
             b"{\"text\": \"EU\", \"x\": " + b"[" * 50_000 + b"]" * 50_000 + b"}", J, (200, 400))


def too_large(c, b):
    limit = B_LIMITS["body"]
    big = dumps({"text": "word " * (limit // 5 + 100)})
    c.expect("body over the limit", b, "POST", "/v1/label", big, J, 413, "body_too_large")
    sid = new_session(b)
    c.expect("chunk body over the limit", b, "POST", f"/v1/sessions/{sid}/chunks", dumps({"seq": 0, "text": "w " * limit}),
             J, 413, "body_too_large")
    c.expect("query body over the limit", b, "POST", f"/v1/sessions/{sid}/query",
             dumps({"type": "nearest", "text": "x" * (limit + 10)}), J, 413, "body_too_large")
    c.expect("session create body over the limit", b, "POST", "/v1/sessions", dumps({"x": "y" * (limit + 10)}), J, 413,
             "body_too_large")
    # 413 before the whole body arrives: announce 100 MB, send a little over the limit, read the answer.
    auth = f"Authorization: Bearer {b.key}\r\n"
    head = (f"POST /v1/label HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n{auth}"
            f"Content-Length: {100 * 1024 * 1024}\r\n\r\n")
    parts = [b"{\"text\": \""] + [b"w " * 8192] * (limit // 16384 + 4)
    c.raw("100 MB Content-Length, 413 before the body arrives", b, head, parts, 413, "body_too_large", pause=0.01)
    head = (f"POST /v1/label HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n{auth}"
            "Transfer-Encoding: chunked\r\n\r\n")
    piece = b"w " * 8192
    opening = b"{\"text\": \""
    parts = [b"%x\r\n%s\r\n" % (len(opening), opening)] + [b"%x\r\n%s\r\n" % (len(piece), piece)] * (limit // len(piece) + 4)
    c.raw("chunked body over the limit", b, head, parts, 413, "body_too_large", pause=0.01)
    # Word and document limits of server B.
    c.expect("document over max_words", b, "POST", "/v1/label", dumps({"words": ["w"] * (B_LIMITS["words"] + 1)}), J,
             422, "document_too_long", check=lambda body, _: None if body["error"]["details"] == {
                 "actual": B_LIMITS["words"] + 1, "allowed": B_LIMITS["words"]} else f"details {body['error'].get('details')}")
    c.expect("batch over max_batch", b, "POST", "/v1/label",
             dumps({"documents": [{"text": "EU"}] * (B_LIMITS["batch"] + 1)}), J, 422, "batch_too_large",
             check=lambda body, _: None if body["error"].get("details", {}).get("allowed") == B_LIMITS["batch"] else "details")
    c.expect("batch at max_batch", b, "POST", "/v1/label", dumps({"documents": [{"text": "EU"}] * B_LIMITS["batch"]}), J,
             200)
    c.expect("chunk over max_chunk_words", b, "POST", f"/v1/sessions/{sid}/chunks",
             dumps({"seq": 0, "words": ["w"] * (B_LIMITS["chunk"] + 1)}), J, 422, "chunk_too_long")
    ok = dumps({"seq": 0, "words": ["w"] * B_LIMITS["chunk"]})
    c.expect("chunk at max_chunk_words", b, "POST", f"/v1/sessions/{sid}/chunks", ok, J, 200)
    c.expect("chunk 1", b, "POST", f"/v1/sessions/{sid}/chunks", dumps({"seq": 1, "words": ["w"] * B_LIMITS["chunk"]}),
             J, 200)
    c.expect("chunk over max_session_words", b, "POST", f"/v1/sessions/{sid}/chunks", dumps({"seq": 2, "text": "one"}),
             J, 422, "session_too_long")
    c.expect("NDJSON line over the limit", b, "POST", f"/v1/sessions/{new_session(b)}/stream",
             b"{\"text\": \"" + b"w " * limit + b"\"}\n", {"Content-Type": "application/x-ndjson"}, 413)
    c.expect("plain upload with a word over the limit", b, "POST", f"/v1/sessions/{new_session(b)}/stream",
             b"x" * (limit * 3), {"Content-Type": "text/plain"}, 413)


def huge_bodies(c, a):
    """64 MiB bodies (32 × the default --max-body-bytes) from clients that write the whole
    body before they read: urllib (which also sends Connection: close) and http.client's
    request(). The answer must be the 413 `body_too_large`, not a reset or a broken pipe:
    the server refuses early and reads (discards) the rest, or at least lets the client
    finish writing, before it closes."""
    body = b"{\"text\": \"" + b"a " * (32 * 1024 * 1024 - 8) + b"\"}"
    seconds = {}
    c.tried += 1
    started = time.monotonic()
    req = urllib.request.Request(f"http://{HOST}:{a.port}/v1/label", data=body, method="POST", headers=J)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only, whatever http_proxy says
    try:
        with opener.open(req, timeout=120) as response:
            got, rheaders, data = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    except urllib.error.HTTPError as error:
        got, rheaders, data = error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        got = None
        c.report.fail(f"64 MiB body by urllib: no answer after {time.monotonic() - started:.1f} s "
                      f"({type(error).__name__}: {getattr(error, 'reason', error)})")
    seconds["urllib"] = round(time.monotonic() - started, 2)
    if got is not None:
        c.by_status[got] = c.by_status.get(got, 0) + 1
        c.judge("64 MiB body by urllib", "POST", "/v1/label", 413, "body_too_large", None, got, rheaders, data)
    started = time.monotonic()
    c.expect("64 MiB body by http.client, in one request()", a, "POST", "/v1/label", body, J, 413, "body_too_large",
             timeout=120)
    seconds["http.client"] = round(time.monotonic() - started, 2)
    log(f"    64 MiB bodies answered in {seconds['urllib']} s (urllib), {seconds['http.client']} s (http.client)")
    c.report.figure("huge_body_seconds", seconds)
    c.expect("label after the 64 MiB bodies", a, "POST", "/v1/label", dumps({"text": "EU rejects German call ."}), J,
             200)


def gzip_cases(c, a, b, fast):
    doc = dumps({"text": "Peter Blackburn visited Brussels ."})
    c.expect("gzip body", a, "POST", "/v1/label", gzip.compress(doc), dict(J, **{"Content-Encoding": "gzip"}), 200)
    c.expect("gzip, then gzip again", a, "POST", "/v1/label", gzip.compress(gzip.compress(doc)),
             dict(J, **{"Content-Encoding": "gzip"}), 400)
    c.expect("not gzip at all", a, "POST", "/v1/label", doc, dict(J, **{"Content-Encoding": "gzip"}), 400,
             "malformed_gzip")
    c.expect("truncated gzip", a, "POST", "/v1/label", gzip.compress(doc)[:-12], dict(J, **{"Content-Encoding": "gzip"}),
             400, "malformed_gzip")
    c.expect("gzip with a bad checksum", a, "POST", "/v1/label", gzip.compress(doc)[:-8] + b"\0" * 8,
             dict(J, **{"Content-Encoding": "gzip"}), 400, "malformed_gzip")
    c.expect("Content-Encoding br", a, "POST", "/v1/label", doc, dict(J, **{"Content-Encoding": "br"}), 415)
    c.expect("Content-Encoding deflate", a, "POST", "/v1/label", zlib.compress(doc),
             dict(J, **{"Content-Encoding": "deflate"}), 415)
    for size_mb, server in [(10, b), (200, a)] + ([] if fast else [(1024, a)]):
        bomb = gzip_bomb(size_mb)
        c.expect(f"gzip bomb: {len(bomb) // 1024} KiB inflating to {size_mb} MB", server, "POST", "/v1/label", bomb,
                 dict(J, **{"Content-Encoding": "gzip"}), 413, "body_too_large")
    sid = new_session(b)
    c.expect("gzip bomb into a chunk", b, "POST", f"/v1/sessions/{sid}/chunks", gzip_bomb(10),
             dict(J, **{"Content-Encoding": "gzip"}), 413, "body_too_large")
    c.expect("gzip bomb into an upload", b, "POST", f"/v1/sessions/{sid}/stream", gzip_bomb(10, b"w "),
             {"Content-Type": "text/plain", "Content-Encoding": "gzip"}, 413)


def gzip_bomb(megabytes, filler=b"\0"):
    """`megabytes` MB of one repeated byte pattern, gzipped (about 1 KiB per MB)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = filler * (1024 * 1024 // len(filler))
    out = [compressor.compress(block) for _ in range(megabytes)]
    out.append(compressor.flush())
    return b"".join(out)


def content_types_and_methods(c, a):
    doc = dumps({"text": "EU rejects German call ."})
    for ctype in ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                  "application/jsonx", "json", "application/x-ndjson"]:
        c.expect(f"label as {ctype}", a, "POST", "/v1/label", doc, {"Content-Type": ctype}, 415, "unsupported_media_type")
    c.expect("label as application/json; charset=utf-8", a, "POST", "/v1/label", doc,
             {"Content-Type": "application/json; charset=utf-8"}, 200)
    c.expect("label as APPLICATION/JSON", a, "POST", "/v1/label", doc, {"Content-Type": "APPLICATION/JSON"}, 200)
    sid = new_session(a)
    c.expect("chunk as text/plain", a, "POST", f"/v1/sessions/{sid}/chunks", dumps({"seq": 0, "text": "a"}),
             {"Content-Type": "text/plain"}, 415)
    c.expect("upload as JSON", a, "POST", f"/v1/sessions/{sid}/stream", doc, J, 415)
    c.expect("upload without a content type", a, "POST", f"/v1/sessions/{sid}/stream", b"EU rejects", {}, 415)
    c.expect("query as form data", a, "POST", f"/v1/sessions/{sid}/query", b"type=lookup",
             {"Content-Type": "application/x-www-form-urlencoded"}, 415)
    c.expect("create session as XML", a, "POST", "/v1/sessions", b"<session/>", {"Content-Type": "application/xml"}, 415)
    # OPTIONS is not a route of the API: answered (CORS) or refused with 405, never 404.
    c.expect("OPTIONS /v1/label", a, "OPTIONS", "/v1/label", status=(200, 204, 405))
    # A method HTTP does not know is refused by the HTTP parser, before any route: 400, and
    # no JSON body is promised there.
    c.expect("unknown HTTP method BREW", a, "BREW", "/v1/label", status=(400, 404, 405, 501), json_error=False)


def allow_is(methods):
    """A check: the `Allow` header lists exactly `methods` (comma-separated, in any order;
    HEAD may be added where GET is there)."""
    def check(_, headers):
        if "allow" not in headers:
            return "405 without an Allow header"
        listed = {token.strip().upper() for token in headers["allow"].split(",") if token.strip()}
        optional = {"HEAD"} if "GET" in methods else set()
        if not set(methods) <= listed <= set(methods) | optional:
            return f"Allow {headers['allow']!r}, expected {', '.join(sorted(methods))}"
    return check


def wrong_methods(c, a):
    """A method a known path does not have: 405 `method_not_allowed` with `Allow` (finding 3,
    once a 404); an unknown path stays 404 `not_found`, whatever the method."""
    sid = new_session(a)
    made_up = "s_00000000000000000000000000000000"
    table = [("PUT", "/v1/label", {"POST"}), ("GET", "/v1/label", {"POST"}), ("DELETE", "/v1/label", {"POST"}),
             ("TRACE", "/v1/label", {"POST"}), ("DELETE", "/v1/model", {"GET"}), ("POST", "/v1/model", {"GET"}),
             ("TRACE", "/v1/model", {"GET"}), ("PATCH", "/v1/sessions", {"POST"}), ("GET", "/v1/sessions", {"POST"}),
             ("PUT", "/v1/sessions", {"POST"}), ("GET", f"/v1/sessions/{sid}/chunks", {"POST"}),
             ("GET", f"/v1/sessions/{made_up}/chunks", {"POST"}), ("PUT", f"/v1/sessions/{sid}/chunks", {"POST"}),
             ("PATCH", f"/v1/sessions/{sid}", {"DELETE"}), ("GET", f"/v1/sessions/{sid}", {"DELETE"}),
             ("GET", f"/v1/sessions/{made_up}", {"DELETE"}), ("POST", f"/v1/sessions/{sid}/labels", {"GET"}),
             ("DELETE", f"/v1/sessions/{sid}/memory", {"GET"}), ("GET", f"/v1/sessions/{sid}/query", {"POST"}),
             ("GET", f"/v1/sessions/{sid}/stream", {"POST"}), ("POST", "/health/ready", {"GET"}),
             ("PUT", "/health/live", {"GET"}), ("DELETE", "/metrics", {"GET"}), ("POST", "/openapi.yaml", {"GET"}),
             ("POST", "/", {"GET", "HEAD"})]
    for method, path, allowed in table:
        shown = path.replace(sid, "{id}").replace(made_up, "{made-up id}")
        c.expect(f"wrong method {method} {shown}", a, method, path, status=405, code="method_not_allowed",
                 check=allow_is(allowed))
    # A wrong method with a body is refused the same way (the body is not read as JSON).
    c.expect("wrong method PUT /v1/label with a JSON body", a, "PUT", "/v1/label", dumps({"text": "EU"}), J, 405,
             "method_not_allowed", check=allow_is({"POST"}))
    for method, path in [("GET", "/v1/nope"), ("PUT", "/v2/label"), ("DELETE", "/v1/labels"),
                         ("PATCH", f"/v1/sessions/{sid}/nope"), ("POST", "/v1/label/extra")]:
        c.expect(f"unknown path {method} {path.replace(sid, '{id}')}", a, method, path, status=404, code="not_found")


def unknown_routes_and_sessions(c, a):
    for path in ["/v1", "/v1/", "/v2/label", "/v1/labels", "/v1/nope", "/v1/sessions/x/y/z", "/../../etc/passwd",
                 "/v1/%ff%fe", "/v1/label/extra", "/" + "a" * 8000, "/v1/sessions//chunks", "/health",
                 "/v1/sessions/s_1/chunks/0"]:
        c.expect(f"unknown route {path[:30]}", a, "GET", path, status=(404, 405))
    c.expect("unknown route, POST", a, "POST", "/v1/summarise", dumps({"text": "a"}), J, 404)
    for sid in ["s_00000000000000000000000000000000", "nope", "%00", "s_" + "f" * 4000, "..", "%2e%2e",
                "s_3f2a9c0e5b7d41a8c6e0f1b2a3d4e5f6'--"]:
        base = f"/v1/sessions/{sid}"
        c.expect(f"unknown session {sid[:20]}: chunk", a, "POST", f"{base}/chunks", dumps({"seq": 0, "text": "a"}), J,
                 404, "session_not_found" if "%" not in sid and sid != ".." else None)
        c.expect(f"unknown session {sid[:20]}: labels", a, "GET", f"{base}/labels", status=404)
        c.expect(f"unknown session {sid[:20]}: ndjson labels", a, "GET", f"{base}/labels?format=ndjson", status=404)
        c.expect(f"unknown session {sid[:20]}: memory", a, "GET", f"{base}/memory", status=404)
        c.expect(f"unknown session {sid[:20]}: query", a, "POST", f"{base}/query", dumps({"type": "lookup", "word": "a"}),
                 J, 404)
        c.expect(f"unknown session {sid[:20]}: upload", a, "POST", f"{base}/stream", b"EU", {"Content-Type": "text/plain"},
                 404)
        c.expect(f"unknown session {sid[:20]}: delete", a, "DELETE", base, status=404)
    sid = new_session(a)
    c.expect("delete", a, "DELETE", f"/v1/sessions/{sid}", status=204)
    c.expect("delete twice", a, "DELETE", f"/v1/sessions/{sid}", status=404, code="session_not_found")
    c.expect("chunk after delete", a, "POST", f"/v1/sessions/{sid}/chunks", dumps({"seq": 0, "text": "a"}), J, 404,
             "session_not_found")


def sequences(c, a):
    sid = new_session(a)
    path = f"/v1/sessions/{sid}/chunks"
    first = c.expect("seq 0", a, "POST", path, dumps({"seq": 0, "text": "EU rejects German call . "}), J, 200)
    c.expect("seq 0 replayed", a, "POST", path, dumps({"seq": 0, "text": "EU rejects German call . "}), J, 200,
             check=lambda body, _: None if body["replayed"] and first and body["words"] == first["words"]
             and body["words_total"] == first["words_total"] else f"not the stored answer: {body}")
    c.expect("seq 0 replayed with other content", a, "POST", path, dumps({"seq": 0, "text": "Something else . "}), J, 409,
             "sequence_conflict")
    c.expect("seq 1", a, "POST", path, dumps({"seq": 1, "text": "Peter Blackburn . "}), J, 200,
             check=lambda body, _: None if not body["replayed"] and body["words_total"] == 8 else f"{body}")
    c.expect("seq 5 (gap)", a, "POST", path, dumps({"seq": 5, "text": "gap . "}), J, 409, "sequence_gap",
             check=lambda body, _: None if body["error"].get("details") == {"expected": 2, "actual": 5}
             else f"details {body['error'].get('details')}")
    c.expect("seq far ahead", a, "POST", path, dumps({"seq": 2**62, "text": "gap"}), J, 409, "sequence_gap")
    c.expect("seq 0 replayed after seq 1", a, "POST", path, dumps({"seq": 0, "text": "EU rejects German call . "}), J, 200,
             check=lambda body, _: None if body["replayed"] and body["words_total"] == 5 else f"{body}")
    c.expect("seq 1 replayed as words", a, "POST", path, dumps({"seq": 1, "words": ["Peter", "Blackburn", "."]}), J,
             (200, 409))
    c.expect("seq 2 after the gap", a, "POST", path, dumps({"seq": 2, "text": "Brussels"}), J, 200,
             check=lambda body, _: None if body["words_total"] == 9 else f"{body}")
    c.expect("labels after replays", a, "GET", f"/v1/sessions/{sid}/labels", status=200,
             check=lambda body, _: None if [w["word"] for w in body["words"]] == "EU rejects German call . Peter Blackburn . Brussels".split() else f"words {body['words']}")


def auth(c, b):
    sid = new_session(b)
    c.expect("no API key", b, "POST", "/v1/label", dumps({"text": "EU"}), J, 401, "unauthorized", auth=False,
             check=lambda _, h: None if "www-authenticate" in h else "401 without WWW-Authenticate")
    c.expect("wrong API key", b, "GET", "/v1/model", headers={"Authorization": "Bearer not-a-key-at-all-000000"},
             status=401, code="unauthorized")
    c.expect("Basic instead of Bearer", b, "GET", "/v1/model", headers={"Authorization": "Basic " + "a" * 20},
             status=401, code="unauthorized")
    c.expect("another key's session", b, "GET", f"/v1/sessions/{sid}/labels",
             headers={"Authorization": f"Bearer {OTHER_KEY}"}, status=404, code="session_not_found")
    c.expect("health without a key", b, "GET", "/health/ready", auth=False, status=200)
    c.expect("metrics without a key", b, "GET", "/metrics", auth=False, status=200)
    c.expect("spec without a key", b, "GET", "/openapi.yaml", auth=False, status=200)


def expiry(c):
    """On a server of its own, started now, so the sweeper (every 30 s) has not yet
    removed the expired sessions: until it does, they answer 410."""
    idle_minutes = 0.02
    with Server("--session-idle-minutes", str(idle_minutes), name="server-c") as b:
        b.key = None
        sid = new_session(b)
        chunk(b, sid, 0, "EU rejects German call . ")
        other = new_session(b)
        time.sleep(idle_minutes * 60 * 1.5 + 0.5)
        expired_checks(c, b, sid, other)
        c.tried += 1
        c.report.check(b.alive() and b.request("GET", "/health/ready")[0] == 200, "server-c not ready after expiry")


def expired_checks(c, b, sid, other):
    c.expect("expired session: chunk", b, "POST", f"/v1/sessions/{sid}/chunks", dumps({"seq": 1, "text": "a"}), J, 410,
             "session_expired")
    c.expect("expired session: replayed chunk", b, "POST", f"/v1/sessions/{sid}/chunks",
             dumps({"seq": 0, "text": "EU rejects German call . "}), J, 410, "session_expired")
    c.expect("expired session: labels", b, "GET", f"/v1/sessions/{sid}/labels", status=410, code="session_expired")
    c.expect("expired session: memory", b, "GET", f"/v1/sessions/{sid}/memory", status=410, code="session_expired")
    c.expect("expired session: query", b, "POST", f"/v1/sessions/{sid}/query", dumps({"type": "lookup", "word": "EU"}),
             J, 410, "session_expired")
    c.expect("expired session: upload", b, "POST", f"/v1/sessions/{sid}/stream", b"a", {"Content-Type": "text/plain"},
             410, "session_expired")
    c.expect("expired, never used session: delete", b, "DELETE", f"/v1/sessions/{other}", status=(204, 410))


DEADLINE = 3            # --request-deadline-seconds of server D
DEADLINE_CUT_BY = 10.0  # a slow client must be cut off before this many seconds


def slow_clients(c):
    """On a server of its own with --request-deadline-seconds 3: a request whose head and
    body have not all arrived 3 s after its first byte is cut off (408 `request_timeout`
    and Connection: close when the head had arrived; a closed connection, with or without
    a 408, when the head itself was trickling); other clients are served as before."""
    d = Server("--request-deadline-seconds", str(DEADLINE), name="server-d")
    d.key = None
    seconds = {}
    try:
        d.start()
        doc = dumps({"text": "Peter Blackburn visited Brussels ."})
        # Connection: close, so that the server closes after an answer (trickle() reads to the close).
        head = (f"POST /v1/label HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
                f"Connection: close\r\nContent-Length: {len(doc)}\r\n\r\n").encode()

        def cut_off(name, result, answer_required):
            seconds[name] = None if result["seconds"] is None else round(result["seconds"], 2)
            where = f"{name}: {result['sent']} bytes sent"
            if result["seconds"] is None or not result["closed"]:
                c.report.fail(f"{where}: connection still open after {DEADLINE_CUT_BY} s "
                              f"(answer {result['status']}: {result['body'][:120]!r})")
                return
            c.report.check(DEADLINE - 0.5 <= result["seconds"] <= DEADLINE_CUT_BY,
                           f"{where}: cut off after {result['seconds']:.2f} s, expected {DEADLINE}-{DEADLINE_CUT_BY} s")
            status = result["status"]
            if status is None:
                c.report.check(not answer_required, f"{where}: closed without the 408")
                return
            if not answer_required and status != 408:
                c.report.check(status >= 400, f"{where}: answered {status} to a request it cut off")
                return
            c.judge(name, "POST", "/v1/label", 408, "request_timeout",
                    lambda _, h: None if h.get("connection", "").lower() == "close"
                    else f"408 without Connection: close (Connection: {h.get('connection')!r})",
                    status, result["headers"], result["body"])

        # (a) The head trickling in, a byte every 0.5 s (it would take about a minute).
        result = c.trickle(d, [head[i:i + 1] for i in range(len(head))], 0.5, give_up=DEADLINE_CUT_BY)
        cut_off("head trickling a byte every 0.5 s", result, answer_required=False)
        # (b) The whole head, then a body of Content-Length 1000 trickling a byte every 0.5 s.
        slow_head = (f"POST /v1/label HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
                     "Content-Length: 1000\r\n\r\n").encode()
        body = b"{\"text\": \"" + b"a" * 986 + b"\"}"
        result = c.trickle(d, [slow_head] + [body[i:i + 1] for i in range(len(body))], 0.5, give_up=DEADLINE_CUT_BY)
        cut_off("body of 1000 bytes trickling a byte every 0.5 s", result, answer_required=True)
        # (b') The same with a chunked body, one small chunk every 0.5 s.
        chunked_head = (f"POST /v1/label HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n").encode()
        pieces = [b"1\r\n%s\r\n" % body[i:i + 1] for i in range(len(body))]
        result = c.trickle(d, [chunked_head] + pieces, 0.5, give_up=DEADLINE_CUT_BY)
        cut_off("chunked body trickling a chunk every 0.5 s", result, answer_required=True)
        # (c) The server is fine: a normal request on a new connection.
        c.expect("a normal request after the slow clients", d, "POST", "/v1/label", doc, J, 200)
        # A slow client within the deadline (head and body in four pieces over about 1.2 s) is served.
        result = c.trickle(d, [head[:20], head[20:], doc[:10], doc[10:]], 0.4, give_up=DEADLINE_CUT_BY)
        c.judge("a slow client within the deadline", "POST", "/v1/label", 200, None, None,
                result["status"], result["headers"], result["body"])
        # The deadline runs from a request's first byte, not from the connection's: a
        # keep-alive connection idle past it still serves its next request.
        c.tried += 2
        conn = http.client.HTTPConnection(HOST, d.port, timeout=30)
        try:
            statuses = []
            for pause in (0, DEADLINE + 1.5):
                time.sleep(pause)
                conn.request("POST", "/v1/label", body=doc, headers=J)
                response = conn.getresponse()
                response.read()
                statuses.append(response.status)
            c.report.check(statuses == [200, 200], f"keep-alive connection idle past the deadline: answers {statuses}")
        except (OSError, http.client.HTTPException) as error:
            c.report.fail(f"keep-alive connection idle past the deadline: {type(error).__name__}: {error}")
        finally:
            conn.close()
        # Time spent queued or working on a request is not the client's: two documents
        # labelled at once (each body sent whole at once, one queued behind the other),
        # which take longer than the deadline together, are both answered, not cut off.
        big = dumps({"text": " ".join(generate_words(190_000, seed=18))})  # under the default --max-words
        answers = [None, None]

        def label_big(i):
            started = time.monotonic()
            try:
                answers[i] = request(d.port, "POST", "/v1/label", big, J, 180) + (time.monotonic() - started,)
            except OSError as error:
                answers[i] = error

        threads = [threading.Thread(target=label_big, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for i, answer in enumerate(answers):
            c.tried += 1
            if not isinstance(answer, tuple):
                c.report.fail(f"190 000-word label #{i + 1} beside another: no answer ({answer})")
                continue
            got, rheaders, data, took = answer
            c.by_status[got] = c.by_status.get(got, 0) + 1
            c.judge(f"190 000-word label #{i + 1} beside another", "POST", "/v1/label", 200, None,
                    lambda body, _: None if body and len(body["words"]) == 190_000 else "not all words labelled",
                    got, rheaders, data)
            seconds[f"190 000-word label #{i + 1} (not cut off)"] = round(took, 2)
        if max((a[3] for a in answers if isinstance(a, tuple)), default=0) <= DEADLINE:
            log(f"    (both labels answered within {DEADLINE} s: the case did not outlast the deadline)")
        c.tried += 1
        c.report.check(d.alive() and d.request("GET", "/health/ready")[0] == 200, "server-d not ready after slow clients")
    finally:
        code = d.stop()
        c.report.check(code in (0, None), f"server-d: exit code {code} after SIGTERM, expected 0")
        if c.report.failures:
            log(f"  server-d log tail:\n{d.log_tail(10)}")
        d.cleanup()
        log(f"    slow clients, seconds to the server's reaction: {seconds}")
        c.report.figure("slow_client_seconds", seconds)


def main():
    fast = "--fast" in sys.argv
    report = Report("bad_inputs")
    corpus = Corpus(report)
    a = Server(name="server-a").start()
    a.key = None
    b = Server("--max-body-bytes", str(B_LIMITS["body"]), "--max-words", str(B_LIMITS["words"]),
               "--max-batch", str(B_LIMITS["batch"]), "--max-chunk-words", str(B_LIMITS["chunk"]),
               "--max-session-words", str(B_LIMITS["session"]),
               env={"MEMTX_API_KEYS": f"{KEY},{OTHER_KEY}"}, name="server-b").start()
    b.key = KEY
    groups = [("malformed and truncated JSON", lambda: malformed_json(corpus, a)),
              ("wrong types and invalid values", lambda: wrong_types(corpus, a)),
              ("explicit null fields", lambda: null_fields(corpus, a)),
              ("invalid UTF-8", lambda: invalid_utf8(corpus, a)),
              ("empty and whitespace-only documents", lambda: empty_documents(corpus, a)),
              ("a single 1 MB word", lambda: huge_word(corpus, a)),
              ("deeply nested JSON", lambda: deep_nesting(corpus, a)),
              ("bodies and documents over the limits, oversized batches", lambda: too_large(corpus, b)),
              ("64 MiB bodies from clients that write before they read", lambda: huge_bodies(corpus, a)),
              ("gzip bodies and bombs", lambda: gzip_cases(corpus, a, b, fast)),
              ("wrong content types and methods", lambda: content_types_and_methods(corpus, a)),
              ("wrong methods on known paths, unknown paths", lambda: wrong_methods(corpus, a)),
              ("unknown routes and sessions", lambda: unknown_routes_and_sessions(corpus, a)),
              ("replayed and gapped seq", lambda: sequences(corpus, a)),
              ("API keys", lambda: auth(corpus, b)),
              ("expired sessions", lambda: expiry(corpus)),
              ("slow clients (request deadline)", lambda: slow_clients(corpus))]
    try:
        for title, run in groups:
            before_tried, before_failed = corpus.tried, len(report.failures)
            try:
                run()
            except Exception as error:  # a broken assumption in a group must not hide the others
                report.fail(f"{title}: aborted: {type(error).__name__}: {error}")
            log(f"  {title}: {corpus.tried - before_tried} inputs, {len(report.failures) - before_failed} failures")
        for server in (a, b):
            report.check(server.alive(), f"{server.name} died; log:\n{server.log_tail()}")
            if server.alive():
                status, _, _ = server.request("GET", "/health/ready")
                report.check(status == 200, f"{server.name}: GET /health/ready is {status} after the corpus")
                corpus.tried += 1
    finally:
        codes = [s.stop() for s in (a, b)]
        report.check(codes == [0, 0], f"exit codes after SIGTERM {codes}, expected 0")
        for server in (a, b):
            if report.failures:
                log(f"  {server.name} log tail:\n{server.log_tail(10)}")
            server.cleanup()
    report.figure("inputs_tried", corpus.tried)
    report.figure("statuses", dict(sorted(corpus.by_status.items())))
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
