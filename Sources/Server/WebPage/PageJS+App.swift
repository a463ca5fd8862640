// Script part: the page's wiring. Loads GET /v1/model (labels, chunk size, limits),
// then labels what the person gives: a short text with POST /v1/label (plus a one-piece
// session for the memory panel), a long one streamed into a session with a progress bar
// (chunks, words, words/s, memory fill), cancellable. body[data-state] says where it is
// (loading, idle, running, done, cancelled, error) for people and for the browser test.

extension PageJS {
    static let app = #"""
/** Texts up to this many whitespace-separated words go to POST /v1/label in one request. */
const SHORT_WORDS = 5000;

function setState(name) { document.body.dataset.state = name; }

/** Loads the model description; retries while the server is loading (503). */
async function loadModel() {
  try {
    state.model = modelInfo(await api('GET', '/v1/model'));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 503 || error.status === 0)) {
      $('model-info').textContent = describeError(error) + ' Retrying…';
      setTimeout(loadModel, 2000);
      return;
    }
    showError(error);
    setState('error');
    return;
  }
  const m = state.model;
  clearMessage();
  $('model-info').textContent = 'Model: ' + entityTypes().join(', ') + ' · chunks of ' + m.chunkSize +
    ' words · memory of ' + m.memorySize + ' words (' + m.memoryVariant + ') · checkpoint ' +
    String(m.checkpointDigest).slice(0, 12);
  $('chunk-size').textContent = m.chunkSize;
  $('short-words').textContent = fmt(SHORT_WORDS);
  renderLegend();
  if (m.requiresApiKey && !state.key) revealKeyBox();
  setState('idle');
}

function setBusy(busy) {
  $('run').disabled = busy;
  $('cancel').disabled = !busy;
  $('file').disabled = busy;
}

/** Progress: chunks sent, words read, words/s, memory fill. */
function showProgress(run, sent, planned, answer) {
  const seconds = Math.max(0.001, (performance.now() - run.started) / 1000);
  $('progress').max = planned;
  $('progress').value = sent;
  run.progressLine = 'Chunk ' + sent + ' of ' + planned + ' sent · ' + fmt(answer.words_total) +
    ' words read · ' + fmt(Math.round(answer.words_total / seconds)) + ' words/s · memory ' +
    answer.memory.size + ' / ' + answer.memory.capacity;
  $('progress-text').textContent = run.progressLine;
  showMemoryFill(answer.memory.size, answer.memory.capacity, answer.chunks_read, answer.words_total);
}

/** Streams `text` into a new session, drawing words and memory as they arrive. */
async function streamIntoSession(run, text, { draw }) {
  const session = await openSession(run);
  let lastMemory = 0;
  run.sent = await streamText(run, session, text, (answer, from, to, sent, planned) => {
    state.attention.clear();
    if (draw) appendRange(answer.words, [], to);
    showProgress(run, sent, planned, answer);
    if (performance.now() - lastMemory > 400 || sent === planned) {
      lastMemory = performance.now();
      refreshMemory(run.abort.signal).catch(() => {});
    }
  });
  return session;
}

/** Labels a text: the whole flow behind the Label button. */
async function labelText(text) {
  if (state.run) return;
  const words = wordStarts(text).length;
  if (words === 0) { showMessage('Nothing to label: the text has no words.', { kind: 'error' }); return; }
  const run = { abort: new AbortController(), cancelled: false, started: performance.now() };
  state.run = run;
  setBusy(true); setState('running'); clearMessage();
  await dropSession();
  state.memory = null; renderMemory(); resetDocument(text);
  attentionShown = null;
  $('attention').replaceChildren(paragraph('Hover or focus a word of the document.', 'hint'));
  $('progress-box').hidden = false;
  $('progress').removeAttribute('value');
  $('progress-text').textContent = 'Sending ' + fmt(words) + ' words…';
  const bytes = new TextEncoder().encode(text).length;
  const short = words <= SHORT_WORDS && bytes < maxBodyBytes() - 1024;
  let summary;
  try {
    if (short) {
      const memory = streamIntoSession(run, text, { draw: false }).then(
        () => null, (error) => error);
      const labelled = await api('POST', '/v1/label', { text }, run.abort.signal);
      renderDocument(labelled.words.map((w, i) => Object.assign({ index: i }, w)), withoutOverlaps(labelled.entities));
      const memoryError = await memory;
      if (memoryError && memoryError.name === 'AbortError') throw memoryError;
      if (memoryError) noMemory(memoryError); else await refreshMemory(run.abort.signal);
      summary = 'one request (POST /v1/label)';
    } else if (!(await streamOrFallBack(run, text))) {
      summary = 'one request (POST /v1/label: this server has no session API)';
    } else {
      $('progress').removeAttribute('value');
      $('progress-text').textContent = 'All chunks sent; fetching the labels…';
      const labels = await fetchLabels(run, state.session, (got, total) => {
        $('progress').max = total; $('progress').value = got;
        $('progress-text').textContent = 'Labels: ' + fmt(got) + ' of ' + fmt(total) + ' words';
      });
      renderDocument(labels.words, labels.entities);
      await refreshMemory(run.abort.signal);
      summary = 'streamed in ' + fmt(run.sent) + ' requests (POST …/chunks)';
    }
    const doc = state.doc, seconds = (performance.now() - run.started) / 1000;
    $('doc-summary').textContent = fmt(doc.words.length) + ' words · ' + fmt(doc.entities.length) +
      ' entities · ' + summary + ' · ' + seconds.toFixed(1) + ' s' + (state.session ? ' · session ' + state.session.id : '');
    $('progress').max = 1; $('progress').value = 1;
    $('progress-text').textContent = (run.progressLine || 'Labelled in one request') + ' · done';
    setState('done');
  } catch (error) {
    if (error.name === 'AbortError' || run.cancelled) {
      showMessage('Cancelled. The session was deleted.');
      await dropSession();
      state.memory = null; renderMemory();
      $('mem-fill').textContent = 'No session.';
      setState('cancelled');
    } else if (error instanceof ApiError) {
      run.abort.abort();
      showError(error);
      setState('error');
    } else {
      showMessage('The page failed: ' + error.message, { kind: 'error' });
      setState('error');
      throw error;
    }
  } finally {
    state.run = null;
    setBusy(false);
  }
}

/**
 * Streams a long text; on a server without the session API (404 on POST /v1/sessions)
 * labels it with POST /v1/label instead and answers false.
 */
async function streamOrFallBack(run, text) {
  try {
    await streamIntoSession(run, text, { draw: true });
    return true;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404 && !state.session)) throw error;
    const labelled = await api('POST', '/v1/label', { text }, run.abort.signal);
    renderDocument(labelled.words.map((w, i) => Object.assign({ index: i }, w)), withoutOverlaps(labelled.entities));
    noMemory(error);
    return false;
  }
}

/** The memory panel without a session (e.g. a server without the session API). */
function noMemory(error) {
  state.session = null;
  delete document.body.dataset.session;
  $('mem-fill').textContent = 'The memory is not available: ' + describeError(error) + ' ' + error.message;
  if (error.status === 401) showError(error);
}

function cancelRun() {
  const run = state.run;
  if (!run) return;
  run.cancelled = true;
  run.abort.abort();
}

/** The chosen file's text (UTF-8), kept outside the text area (it may be megabytes). */
let fileText = null;

async function onFileChosen() {
  const file = $('file').files[0];
  fileText = null;
  $('file-clear').hidden = !file;
  if (!file) { $('file-info').textContent = ''; return; }
  try {
    fileText = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch (_) {
    $('file-info').textContent = '';
    showMessage(file.name + ' is not UTF-8 text.', { kind: 'error' });
    return;
  }
  $('file-info').textContent = file.name + ' · ' + formatBytes(file.size) + ' · ' + fmt(wordStarts(fileText).length) + ' words';
}

function forgetFile() {
  $('file').value = '';
  fileText = null;
  $('file-info').textContent = '';
  $('file-clear').hidden = true;
}

const SAMPLE = 'Peter Blackburn of the European Commission said on Thursday it disagreed with German advice ' +
  'to consumers to shun British lamb until scientists determine whether mad cow disease can be ' +
  'transmitted to sheep. Germany \'s representative to the European Union \'s veterinary committee ' +
  'Werner Zwingmann said on Wednesday consumers should buy sheepmeat from countries other than Britain ' +
  'until the scientific advice was clearer. Fischler proposed EU-wide measures after reports from ' +
  'Britain and France that under laboratory conditions sheep could contract Bovine Spongiform ' +
  'Encephalopathy ( BSE ) -- mad cow disease .';

/** A long generated text (about `n` words) for trying the streaming path. */
function longSample(n) {
  const people = ['Angela Merkel', 'Peter Blackburn', 'Nelson Mandela', 'Maria Sharapova', 'Boris Yeltsin'];
  const places = ['Berlin', 'Brussels', 'Johannesburg', 'Moscow', 'Paris', 'Tokyo', 'Chicago'];
  const groups = ['the European Commission', 'Reuters', 'the United Nations', 'Deutsche Bank', 'NATO'];
  const parts = [];
  let words = 0;
  for (let i = 0; words < n; i += 1) {
    const sentence = people[i % 5] + ' told ' + groups[(i * 3) % 5] + ' in ' + places[(i * 2) % 7] +
      ' on Monday that talks with ' + people[(i + 2) % 5] + ' would continue in ' + places[(i + 3) % 7] + ' next week .';
    parts.push(sentence + (i % 6 === 5 ? '\n\n' : ' '));
    words += sentence.split(' ').length;
  }
  return parts.join('');
}

function start() {
  $('doc-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!$('key-box').hidden) {
      state.key = $('api-key').value.trim();
      sessionStorage.setItem('memtx-api-key', state.key);
    }
    labelText(fileText !== null ? fileText : $('text').value);
  });
  $('cancel').addEventListener('click', cancelRun);
  $('sample').addEventListener('click', () => { forgetFile(); $('text').value = SAMPLE; labelText(SAMPLE); });
  $('long-sample').addEventListener('click', () => {
    forgetFile();
    const text = longSample(12000);
    $('text').value = text;
    labelText(text);
  });
  $('file').addEventListener('change', onFileChosen);
  $('file-clear').addEventListener('click', forgetFile);
  $('text').addEventListener('input', () => { if (fileText !== null) forgetFile(); });
  $('api-key').addEventListener('change', () => {
    state.key = $('api-key').value.trim();
    sessionStorage.setItem('memtx-api-key', state.key);
    if (!state.model) loadModel();
  });
  $('show-chunks').addEventListener('change', () => $('doc').classList.toggle('show-chunks', $('show-chunks').checked));
  const doc = $('doc');
  doc.addEventListener('keydown', onDocumentKey);
  doc.addEventListener('focusin', (event) => { const w = event.target.closest('.w'); if (w) scheduleAttention(Number(w.dataset.i)); });
  doc.addEventListener('mouseover', (event) => { const w = event.target.closest('.w'); if (w) scheduleAttention(Number(w.dataset.i)); });
  $('memory').addEventListener('click', onMemoryClick);
  $('attention').addEventListener('click', onMemoryClick);
  window.addEventListener('pagehide', () => {
    if (!state.session) return;
    const headers = state.key ? { Authorization: 'Bearer ' + state.key } : {};
    fetch('/v1/sessions/' + encodeURIComponent(state.session.id), { method: 'DELETE', keepalive: true, headers }).catch(() => {});
  });
  if (state.key) { $('key-box').hidden = false; $('api-key').value = state.key; }
  loadModel();
}

start();
"""#
}
