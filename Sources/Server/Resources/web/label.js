// The labelling flow behind the Label button: a short text goes to POST /v1/label (plus a
// one-piece session for the memory panel), a long one is streamed into a session with a
// progress bar (chunks, words, words/s, memory fill); a run can be cancelled, which
// deletes its session. A server without the session API still labels (POST /v1/label).
import { ApiError, api, maxBodyBytes } from './api.js';
import { appendRange, renderDocument, resetDocument } from './document.js';
import { $ } from './dom.js';
import { fmt } from './format.js';
import { refreshMemory, renderMemory, resetAttention, showMemoryFill } from './memory.js';
import { clearMessage, describeError, showError, showMessage } from './messages.js';
import { setState, state } from './state.js';
import { dropSession, fetchLabels, openSession, streamText, withoutOverlaps, wordStarts } from './stream.js';

/** Texts up to this many whitespace-separated words go to POST /v1/label in one request. */
export const SHORT_WORDS = 5000;

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
export async function labelText(text) {
  if (state.run) return;
  const words = wordStarts(text).length;
  if (words === 0) { showMessage('Nothing to label: the text has no words.', { kind: 'error' }); return; }
  const run = { abort: new AbortController(), cancelled: false, started: performance.now() };
  state.run = run;
  setBusy(true); setState('running'); clearMessage();
  await dropSession();
  state.memory = null; renderMemory(); resetDocument(text);
  resetAttention();
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

/** Cancels the run in progress, if any (its session is deleted). */
export function cancelRun() {
  const run = state.run;
  if (!run) return;
  run.cancelled = true;
  run.abort.abort();
}
