// The message box and what each API error means for the person using the page: a clear
// sentence per status, the server's own message, details and code; a 401 also reveals
// the API key field.
import { maxBodyBytes } from './api.js';
import { $ } from './dom.js';
import { formatBytes } from './format.js';
import { state } from './state.js';

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
export function describeError(error) {
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
export function showMessage(text, { error = null, kind = 'info' } = {}) {
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
export function showError(error) {
  if (error.status === 401) revealKeyBox();
  showMessage(describeError(error), { error, kind: 'error' });
}

/** Hides and empties the message box. */
export function clearMessage() { $('message').hidden = true; $('message').replaceChildren(); }

/** Shows the API key field, filled with the key kept for this tab, and focuses it. */
export function revealKeyBox() {
  $('key-box').hidden = false;
  $('api-key').value = state.key;
  $('api-key').focus();
}
