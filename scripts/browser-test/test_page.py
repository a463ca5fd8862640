"""The web page in a real browser against a live memtx: a short text labelled with
POST /v1/label, a long generated file streamed into a session, each compared with the
API's own answers (entities, words, memory, attention); keyboard moves, the chunk
boundary toggle, cancelling, an error message from the JSON body, the 320 px layout.
Screenshots go to docs/screenshots/ (page.png is the README's)."""
import pathlib
import random
import re
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
# Non-BMP characters (emoji) before the entities: offsets are Unicode scalars, JS is UTF-16.
SHORT_TEXT = ("Zoë 🙂 read it first : Peter Blackburn of the European Commission said on Thursday in "
              "Brussels that Germany 's advice to shun British lamb was wrong . Werner Zwingmann of "
              "Reuters flew to São Paulo 🇧🇷 and then to New York with Angela Merkel .")


def open_page(driver, base_url):
    driver.get(base_url + "/")
    wait_state(driver, {"idle"}, 60)


def wait_state(driver, states, timeout, fail_on_error=True):
    """Waits until body[data-state] is one of `states`; fails on an unexpected error."""
    def reached(d):
        state = d.find_element(By.TAG_NAME, "body").get_attribute("data-state")
        if state == "error" and "error" not in states and fail_on_error:
            raise AssertionError("page error: " + d.find_element(By.ID, "message").text)
        return state in states
    WebDriverWait(driver, timeout, poll_frequency=0.1).until(reached)


def set_text(driver, text):
    """Puts `text` in the text area (as typing would, via an input event)."""
    driver.execute_script("const t = document.getElementById('text'); t.value = arguments[0];"
                          "t.dispatchEvent(new Event('input'));", text)


def page_entities(driver):
    return {tuple(e) for e in driver.execute_script(
        "return [...document.querySelectorAll('#doc mark.ent')].map(m =>"
        " [Number(m.dataset.start), Number(m.dataset.end), m.dataset.type, m.textContent]);")}


def page_words(driver):
    return driver.execute_script(
        "return [...document.querySelectorAll('#doc .w')].map(w => [Number(w.dataset.i), w.textContent]);")


def page_memory(driver):
    return driver.execute_script(
        "return [...document.querySelectorAll('#memory .mem')].map(b =>"
        " [Number(b.dataset.index), b.querySelector('.mem-word').textContent]);")


def active_word(driver):
    return driver.execute_script("const a = document.activeElement;"
                                 "return a && a.classList.contains('w') ? Number(a.dataset.i) : null;")


def expected_entities(text, entities):
    for e in entities:  # the API's offsets index Unicode scalars: Python's str indices
        assert text[e["start"]:e["end"]] == e["text"]
    return {(e["start"], e["end"], e["label"], e["text"]) for e in entities}


def check_memory_panel(driver, api, session):
    memory = api.json("GET", f"/v1/sessions/{session}/memory")
    entries = sorted(memory["entries"], key=lambda e: -e["score"])
    assert page_memory(driver) == [[e["index"], e["word"]] for e in entries]
    fill = driver.find_element(By.ID, "mem-fill").text
    assert f"{memory['size']} / {memory['capacity']} words kept" in fill
    return memory


def check_attention(driver, api, session, index):
    """Hovers word `index`; the attention box must list what POST …/query answers (the
    memory words outside the word's own chunk; none in a one-chunk text). Returns them."""
    word = driver.find_element(By.CSS_SELECTOR, f'#doc .w[data-i="{index}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", word)
    ActionChains(driver).move_to_element(word).perform()
    WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "attention").get_attribute("data-index") == str(index)
                                    and "attends" in d.find_element(By.ID, "attention").text)
    answer = api.json("POST", f"/v1/sessions/{session}/query", {"type": "attention", "index": index, "k": 5})
    shown = driver.execute_script("return [...document.querySelectorAll('#attention .mem')].map(b => Number(b.dataset.index));")
    assert shown == [e["index"] for e in answer["attends_to"]]
    outlined = driver.execute_script("return [...document.querySelectorAll('#memory .mem.attended')].map(b => Number(b.dataset.index));")
    assert set(outlined) == {e["index"] for e in answer["attends_to"]}
    return answer["attends_to"]


def test_short_text_matches_post_label(driver, base_url, api):
    open_page(driver, base_url)
    set_text(driver, SHORT_TEXT)
    driver.find_element(By.ID, "run").click()
    wait_state(driver, {"done"}, 120)
    expected = api.json("POST", "/v1/label", {"text": SHORT_TEXT})
    assert page_entities(driver) == expected_entities(SHORT_TEXT, expected["entities"])
    assert page_words(driver) == [[i, w["word"]] for i, w in enumerate(expected["words"])]
    assert any(e[2] == "PER" for e in page_entities(driver))
    session = driver.find_element(By.TAG_NAME, "body").get_attribute("data-session")
    assert session, "the short text also opens a session for the memory panel"
    memory = check_memory_panel(driver, api, session)
    first_entity = min(e["start"] for e in expected["entities"])
    entity_word = next(i for i, w in enumerate(expected["words"]) if w["start"] == first_entity)
    check_attention(driver, api, session, entity_word)
    # Keyboard: the document is one tab stop; arrows move by word and by entity.
    driver.execute_script("document.querySelector('#doc .w[data-i=\"0\"]').focus();")
    ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
    assert active_word(driver) == 1
    ActionChains(driver).send_keys(Keys.ARROW_DOWN).perform()
    starts = {e["start"] for e in expected["entities"]}
    assert active_word(driver) == next(i for i, w in enumerate(expected["words"]) if i > 1 and w["start"] in starts)
    ActionChains(driver).send_keys(Keys.END).perform()
    assert active_word(driver) == len(expected["words"]) - 1
    # A memory entry jumps to its word in the document.
    top = sorted(memory["entries"], key=lambda e: -e["score"])[0]
    driver.find_element(By.CSS_SELECTOR, "#memory .mem").click()
    assert active_word(driver) == top["index"]


def long_document(words):
    """A generated document of about `words` words: names, places, organisations, accents,
    emoji, CRLF and blank lines, so chunk cuts and scalar offsets are exercised."""
    rng = random.Random(9)
    people = ["Peter Blackburn", "Angela Merkel", "Nelson Mandela", "Zoë Durand", "Boris Yeltsin", "José Ramos"]
    places = ["Berlin", "Brussels", "São Paulo", "Zürich", "Johannesburg", "New York", "Moscow"]
    groups = ["the European Commission", "Reuters", "the United Nations", "Deutsche Bank", "NATO"]
    verbs = ["met", "called", "thanked", "criticised", "visited"]
    out, count = [], 0
    while count < words:
        sentence = (f"{rng.choice(people)} {rng.choice(verbs)} officials of {rng.choice(groups)} in "
                    f"{rng.choice(places)} on Monday{rng.choice(['', ' 🙂', ' 🇪🇺'])} , and said talks with "
                    f"{rng.choice(people)} would go on in {rng.choice(places)} .")
        out.append(sentence + rng.choice([" ", " ", "  ", "\n", "\r\n\r\n", "\t"]))
        count += len(sentence.split())
    return "".join(out)


def test_long_file_streams_into_session(driver, base_url, api, tmp_path):
    text = long_document(7000)
    path = tmp_path / "long.txt"
    path.write_bytes(text.encode("utf-8"))
    open_page(driver, base_url)
    driver.find_element(By.ID, "file").send_keys(str(path))
    WebDriverWait(driver, 10).until(lambda d: "long.txt" in d.find_element(By.ID, "file-info").text)
    driver.find_element(By.ID, "run").click()
    wait_state(driver, {"done"}, 300)
    progress = driver.find_element(By.ID, "progress-text").text
    session = driver.find_element(By.TAG_NAME, "body").get_attribute("data-session")
    memory = check_memory_panel(driver, api, session)
    sent = re.search(r"streamed in (\d+) requests", driver.find_element(By.ID, "doc-summary").text)
    assert sent and int(sent.group(1)) >= 4, "7 000 words go in pieces of about 2 000 words"
    assert f"{memory['chunks_read']} chunks read" in driver.find_element(By.ID, "mem-fill").text
    assert "Labels:" in progress or "Chunk" in progress
    labels = api.json("GET", f"/v1/sessions/{session}/labels?offset=0&limit=10000")
    assert labels["next_offset"] is None, "one page holds the whole document: the API's exact entities"
    words, entities = labels["words"], labels["entities"]
    paged, offset = [], 0
    while offset is not None:  # smaller pages give the same words
        page = api.json("GET", f"/v1/sessions/{session}/labels?offset={offset}&limit=3000")
        paged += page["words"]
        offset = page["next_offset"]
    assert paged == words
    for w in words:  # the chunks concatenate to the file: document offsets index its text
        assert text[w["start"]:w["end"]] == w["word"]
    assert page_words(driver) == [[w["index"], w["word"]] for w in words]
    assert page_entities(driver) == expected_entities(text, entities)
    assert check_attention(driver, api, session, words[len(words) // 2]["index"]), "memory outside its chunk"

    # Chunk boundaries every chunkSize words, shown on request.
    model = api.json("GET", "/v1/model")
    chunk_size = model.get("chunk_size", model.get("chunkSize"))
    driver.find_element(By.ID, "show-chunks").click()
    marks = driver.execute_script(
        "return [...document.querySelectorAll('#doc.show-chunks .w.cb')].map(w => Number(w.dataset.i));")
    assert marks == list(range(chunk_size, len(words), chunk_size))
    assert driver.execute_script(
        "return getComputedStyle(document.querySelector('#doc .w.cb'), '::before').content") != "none"
    driver.find_element(By.CSS_SELECTOR, "#memory li:nth-child(3) .mem").click()
    driver.save_screenshot(str(SHOTS / "page-stream.png"))


def test_cancel_deletes_the_session(driver, base_url, api):
    open_page(driver, base_url)
    set_text(driver, long_document(60000))
    driver.find_element(By.ID, "run").click()
    WebDriverWait(driver, 60, poll_frequency=0.05).until(
        lambda d: d.find_element(By.ID, "progress-text").text.startswith("Chunk "))
    session = driver.find_element(By.TAG_NAME, "body").get_attribute("data-session")
    driver.find_element(By.ID, "cancel").click()
    wait_state(driver, {"cancelled"}, 30)
    assert "Cancelled" in driver.find_element(By.ID, "message").text
    status, _ = api.call("GET", f"/v1/sessions/{session}/memory")
    assert status in (404, 410)


def test_errors_show_the_json_message(driver, base_url, api):
    open_page(driver, base_url)
    set_text(driver, "   \n ")
    driver.find_element(By.ID, "run").click()
    assert "no words" in driver.find_element(By.ID, "message").text
    set_text(driver, SHORT_TEXT)
    driver.find_element(By.ID, "run").click()
    wait_state(driver, {"done"}, 120)
    session = driver.find_element(By.TAG_NAME, "body").get_attribute("data-session")
    api.json("DELETE", f"/v1/sessions/{session}")
    ActionChains(driver).move_to_element(driver.find_element(By.CSS_SELECTOR, '#doc .w[data-i="3"]')).perform()
    WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "message").get_attribute("data-status") in ("404", "410"))
    message = driver.find_element(By.ID, "message").text
    assert "session" in message.lower()
    status, body = api.call("POST", f"/v1/sessions/{session}/query", {"type": "attention", "index": 3, "k": 5})
    assert str(status) in message and body["error"]["message"] in message  # the server's own words, from the JSON body


def test_api_key_and_busy_server(driver, keyed):
    """A server with keys: the page answers 401 with the key field; with the key it works.
    With its one session taken, the memory panel reports the 429 and its Retry-After."""
    url, key, keyed_api = keyed
    driver.get(url + "/")
    wait_state(driver, {"error"}, 60)
    assert driver.find_element(By.ID, "message").get_attribute("data-status") == "401"
    assert driver.find_element(By.ID, "key-box").is_displayed()
    assert "API key" in driver.find_element(By.ID, "message").text
    driver.find_element(By.ID, "api-key").send_keys(key + Keys.TAB)
    wait_state(driver, {"idle"}, 30, fail_on_error=False)
    assert not driver.find_element(By.ID, "message").is_displayed()
    taken = keyed_api.json("POST", "/v1/sessions", {})["id"]
    try:
        set_text(driver, SHORT_TEXT)
        driver.find_element(By.ID, "run").click()
        wait_state(driver, {"done"}, 120)
        fill = driver.find_element(By.ID, "mem-fill").text
        assert "too many requests" in fill and "Retry in" in fill, fill
        assert page_entities(driver) == expected_entities(
            SHORT_TEXT, keyed_api.json("POST", "/v1/label", {"text": SHORT_TEXT})["entities"])
    finally:
        keyed_api.json("DELETE", f"/v1/sessions/{taken}")
    driver.find_element(By.ID, "run").click()
    wait_state(driver, {"done"}, 120)
    session = driver.find_element(By.TAG_NAME, "body").get_attribute("data-session")
    check_memory_panel(driver, keyed_api, session)
    keyed_api.json("DELETE", f"/v1/sessions/{session}")


def test_screenshots(driver, base_url):
    """docs/screenshots/page.png (the README's: 1366×1200, the whole page from its title to
    the memory panel, a word's attention shown) and page-320.png (a small phone)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        viewport(driver, 1366, 1200, mobile=False)
        open_page(driver, base_url)
        driver.find_element(By.ID, "sample").click()
        wait_state(driver, {"done"}, 120)
        # An entity word of the second model chunk: it attends to the memory of the first.
        chunk_size = driver.execute_script("return Number(document.getElementById('chunk-size').textContent)")
        entity_words = driver.find_elements(By.CSS_SELECTOR, "#doc mark.ent .w")
        later = [w for w in entity_words if int(w.get_attribute("data-i")) >= chunk_size]
        ActionChains(driver).move_to_element((later or entity_words)[-1]).perform()
        WebDriverWait(driver, 30).until(lambda d: "attends" in d.find_element(By.ID, "attention").text)
        driver.execute_script("window.scrollTo(0, 0)")
        time.sleep(0.3)
        driver.save_screenshot(str(SHOTS / "page.png"))
        # 320 CSS px wide, as a small phone: nothing may overflow sideways.
        viewport(driver, 320, 1400, mobile=True)
        time.sleep(0.3)
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 320
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(str(SHOTS / "page-320.png"))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def viewport(driver, width, height, mobile):
    """Sets the page's viewport in CSS pixels (Chromium's device emulation)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
