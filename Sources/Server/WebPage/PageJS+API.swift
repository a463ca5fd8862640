// Script part: the page's state, calls to the API (JSON in and out, the API key as a
// Bearer token), and turning every error status into a clear message built from the
// server's JSON error body ({"error": {"code", "message", "details"}}).

extension PageJS {
    static let api = #"""
const $ = (id) => document.getElementById(id);

/** Everything the page knows; one document and at most one session at a time. */
const state = {
  model: null,          // GET /v1/model
  key: sessionStorage.getItem('memtx-api-key') || '',
  session: null,        // { id, limits }
  run: null,            // the labelling in progress: { abort, cancelled, started }
  doc: null,            // { text, u16, words, entities, wordEls, entityStarts }
  memory: null,         // GET /v1/sessions/{id}/memory
  attention: new Map(), // word index → POST …/query attention answer
};

/** An HTTP error answered by the API (status 0: the server could not be reached). */
class ApiError extends Error {
  constructor(status, code, message, details, retryAfter, path) {
    super(message);
    this.status = status; this.code = code; this.details = details || {};
    this.retryAfter = retryAfter; this.path = path;
  }
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or null. */
function retryAfterSeconds(value) {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Calls the API: JSON body in, parsed JSON out (null for 204); throws ApiError. */
async function api(method, path, body, signal) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (state.key) headers.Authorization = 'Bearer ' + state.key;
  let response;
  try {
    response = await fetch(path, {
      method, headers, signal, cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The server cannot be reached (' + error.message + ').', {}, null, path);
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (_) { json = null; }
  if (!response.ok) {
    const error = (json && json.error) || {};
    throw new ApiError(response.status, error.code || 'http_' + response.status,
      error.message || response.statusText || text.slice(0, 200), error.details,
      retryAfterSeconds(response.headers.get('Retry-After')), path);
  }
  return json;
}

/** What each status means for the person using the page. */
const STATUS_HELP = {
  0: 'No connection to the server.',
  400: 'The server could not read the request.',
  401: 'This server requires an API key. Enter it in the field below, then try again.',
  403: 'This API key is not allowed to do that.',
  404: 'Not found.',
  409: 'The chunks reached the server out of order.',
  410: 'The session has expired (it was idle too long). Start again to open a new one.',
  413: 'Too large for the server.',
  415: 'The server expected JSON.',
  422: 'The server refused the input.',
  429: 'The server is busy with too many requests.',
  500: 'The server failed.',
  503: 'The server is not ready: the model is still loading, or the server is overloaded. Try again shortly.',
};

/** One line describing an API error, e.g. for the attention box. */
function describeError(error) {
  let help = STATUS_HELP[error.status] || ('HTTP ' + error.status + '.');
  if (error.status === 404 && /\/v1\/sessions\/[^/]+/.test(error.path || '')) {
    help = 'The session no longer exists (it was deleted or has expired). Label the document again.';
  } else if (error.status === 404 && /\/v1\/sessions/.test(error.path || '')) {
    help = 'This server has no session API.';
  }
  if (error.status === 429 && error.retryAfter !== null && error.retryAfter !== undefined) {
    help += ' Retry in ' + error.retryAfter + ' s.';
  }
  if (error.status === 413) {
    help += ' The limit is ' + formatBytes(maxBodyBytes()) + ' per request.';
  }
  return help;
}

/** Shows an error (or a plain note) in the message box. */
function showMessage(text, { error = null, kind = 'info' } = {}) {
  const box = $('message');
  box.replaceChildren();
  box.className = 'message' + (kind === 'error' ? ' error' : '');
  const first = document.createElement('p');
  first.append(text);
  box.append(first);
  if (error) {
    const detail = document.createElement('p');
    const details = Object.entries(error.details || {}).map(([k, v]) => k + ' ' + v).join(', ');
    detail.append(error.message + (details ? ' (' + details + ')' : ''));
    const code = document.createElement('p');
    code.className = 'code';
    code.append((error.status ? 'HTTP ' + error.status + ' · ' : '') + error.code);
    box.append(detail, code);
    box.dataset.status = String(error.status);
    box.dataset.code = error.code;
  } else {
    delete box.dataset.status; delete box.dataset.code;
  }
  box.hidden = false;
}

/** Shows an ApiError; a 401 also reveals the API key field. */
function showError(error) {
  if (error.status === 401) revealKeyBox();
  showMessage(describeError(error), { error, kind: 'error' });
}

function clearMessage() { $('message').hidden = true; $('message').replaceChildren(); }

function revealKeyBox() {
  $('key-box').hidden = false;
  $('api-key').value = state.key;
  $('api-key').focus();
}

function formatBytes(n) {
  if (n >= 1048576) return (n / 1048576).toFixed(n % 1048576 ? 1 : 0) + ' MiB';
  if (n >= 1024) return Math.round(n / 1024) + ' KiB';
  return n + ' bytes';
}

/** The server's body limit in bytes (GET /v1/model), 2 MiB until it is known. */
function maxBodyBytes() { return (state.model && state.model.maxBodyBytes) || 2097152; }

/** GET /v1/model's answer with the fields the page uses (the page is served by that server). */
function modelInfo(raw) {
  const limits = raw.limits || {};
  return {
    labels: raw.labels || [],
    chunkSize: raw.chunk_size || 64,
    memorySize: raw.memory_size,
    memoryVariant: raw.memory_variant,
    checkpointDigest: raw.checkpoint_digest || '',
    requiresApiKey: Boolean(raw.requires_api_key),
    maxBodyBytes: limits.max_body_bytes || 2097152,
    maxLabelsPageSize: limits.max_labels_page_size || 10000,
  };
}

const numberFormat = new Intl.NumberFormat('en');
const fmt = (n) => numberFormat.format(n);
"""#
}
