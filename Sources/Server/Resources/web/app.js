// The page's entry module (served at /app.js, loaded by index.html as a module): loads
// GET /v1/model (labels, chunk size, limits), then wires the form, the buttons, the file
// input, the document and the memory panel to the modules beside it. It talks only to
// this server's public API; no dependencies, no build step.
import { ApiError, api, modelInfo } from './api.js';
import { entityTypes, onDocumentKey, renderLegend } from './document.js';
import { $ } from './dom.js';
import { chosenFileText, forgetFile, onFileChosen } from './file.js';
import { fmt } from './format.js';
import { SHORT_WORDS, cancelRun, labelText } from './label.js';
import { onMemoryClick, scheduleAttention } from './memory.js';
import { clearMessage, describeError, revealKeyBox, showError } from './messages.js';
import { SAMPLE, longSample } from './samples.js';
import { setState, state } from './state.js';

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

/** Wires the page's controls, then loads the model description. */
function start() {
  $('doc-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!$('key-box').hidden) {
      state.key = $('api-key').value.trim();
      sessionStorage.setItem('memtx-api-key', state.key);
    }
    labelText(chosenFileText() !== null ? chosenFileText() : $('text').value);
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
  $('text').addEventListener('input', () => { if (chosenFileText() !== null) forgetFile(); });
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
