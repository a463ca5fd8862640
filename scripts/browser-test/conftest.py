"""Fixtures of the browser test: headless Debian Chromium driven by Selenium, the base
URL of a running `memtx serve` (MEMTX_URL, set by scripts/browser-test.sh), a second one
that requires an API key (MEMTX_KEYED_URL, MEMTX_KEY) and a tiny JSON client for asking
the API the same questions the page asks."""
import json
import os
import urllib.error
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

BASE = os.environ.get("MEMTX_URL", "http://127.0.0.1:8080").rstrip("/")


class API:
    """JSON over HTTP to a server under test; `call` returns (status, body)."""

    def __init__(self, base=BASE, key=None):
        self.base, self.key = base, key

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if self.key:
            headers["Authorization"] = "Bearer " + self.key
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                raw = response.read()
                return response.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, (json.loads(raw) if raw else None)

    def json(self, method, path, body=None):
        status, answer = self.call(method, path, body)
        assert 200 <= status < 300, (method, path, status, answer)
        return answer


@pytest.fixture(scope="session")
def api():
    return API()


@pytest.fixture(scope="session")
def base_url():
    return BASE


@pytest.fixture(scope="session")
def keyed():
    """(base URL, key, API client) of the server that requires a key (at most one session)."""
    url, key = os.environ.get("MEMTX_KEYED_URL"), os.environ.get("MEMTX_KEY")
    if not url or not key:
        pytest.skip("no keyed server (MEMTX_KEYED_URL, MEMTX_KEY): run scripts/browser-test.sh")
    return url.rstrip("/"), key, API(url.rstrip("/"), key)


@pytest.fixture(scope="session")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1366,900", "--force-device-scale-factor=1", "--lang=en-US"):
        options.add_argument(argument)
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    browser = webdriver.Chrome(options=options, service=service)
    browser.set_script_timeout(60)
    yield browser
    browser.quit()
