// A long document streamed into a session. The text is cut at whitespace into pieces of
// about CHUNK_WORDS words, each keeping its whitespace so the pieces concatenate to the
// text exactly; they are sent in order (seq 0, 1, …), waiting out a 429's Retry-After and
// halving the piece size when the server says a piece is too big. Then the labels are
// fetched page by page. Cancelling aborts the request in flight.
import { ApiError, api, maxBodyBytes } from './api.js';
import { $ } from './dom.js';
import { clearMessage, describeError, showMessage } from './messages.js';
import { state } from './state.js';

/** Whitespace-separated words per streamed piece (the server counts its own words). */
const CHUNK_WORDS = 2000;
/** Whitespace as the server's tokenizer sees it (no format characters such as U+FEFF). */
const NON_SPACE = /[^\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000]+/g;

/** UTF-16 indices where the text's whitespace-separated words start. */
export function wordStarts(text) {
  const starts = [];
  NON_SPACE.lastIndex = 0;
  for (let m = NON_SPACE.exec(text); m !== null; m = NON_SPACE.exec(text)) starts.push(m.index);
  return starts;
}

/** Promise resolved after `seconds`, rejected with AbortError when the run is cancelled. */
function sleep(seconds, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, seconds * 1000);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('cancelled', 'AbortError'));
    }, { once: true });
  });
}

/** Opens a session: POST /v1/sessions → { id, limits, … }. */
export async function openSession(run) {
  const session = await api('POST', '/v1/sessions', {}, run.abort.signal);
  state.session = session;
  state.attention.clear();
  $('mem-fill').textContent = 'Session ' + session.id + ' opened.';
  document.body.dataset.session = session.id;
  return session;
}

/** Deletes the current session, if any (best effort: it expires anyway). */
export async function dropSession() {
  const session = state.session;
  state.session = null;
  delete document.body.dataset.session;
  if (!session) return;
  try { await api('DELETE', '/v1/sessions/' + encodeURIComponent(session.id)); } catch { /* gone already */ }
}

/**
 * Sends `text` into `session` piece by piece. `onChunk(answer, pieceStart, pieceEnd, sent, planned)`
 * is called after each accepted piece (UTF-16 offsets of the piece in the text).
 */
export async function streamText(run, session, text, onChunk) {
  const starts = wordStarts(text);
  const limits = session.limits || {};
  const serverCap = limits.max_words_per_chunk ? Math.max(1, Math.floor(limits.max_words_per_chunk / 2)) : CHUNK_WORDS;
  const byteCap = maxBodyBytes();
  let perPiece = Math.min(CHUNK_WORDS, serverCap);
  let first = 0, seq = 0, busyRetries = 0;
  const path = '/v1/sessions/' + encodeURIComponent(session.id) + '/chunks';
  while (first < starts.length) {
    let count = Math.min(perPiece, starts.length - first);
    const from = first === 0 ? 0 : starts[first];
    // Keep the JSON body well under the byte limit (≤ 3 UTF-8 bytes per UTF-16 unit).
    while (count > 1 && ((first + count < starts.length ? starts[first + count] : text.length) - from) * 3 > byteCap / 2) {
      count = Math.ceil(count / 2);
    }
    const to = first + count < starts.length ? starts[first + count] : text.length;
    let answer;
    try {
      answer = await api('POST', path, { seq, text: text.slice(from, to), labels: false }, run.abort.signal);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 429 && busyRetries < 20) {
        busyRetries += 1;
        const wait = error.retryAfter === null ? 1 : error.retryAfter;
        showMessage(describeError(error) + ' Waiting ' + wait + ' s, then sending chunk ' + (seq + 1) + ' again.');
        await sleep(wait, run.abort.signal);
        continue;
      }
      if (error.status === 503 && busyRetries < 5) {
        busyRetries += 1;
        showMessage(describeError(error) + ' Retrying chunk ' + (seq + 1) + ' in 2 s.');
        await sleep(2, run.abort.signal);
        continue;
      }
      const pieceTooBig = error.status === 413 || (error.status === 422 && error.code === 'chunk_too_long');
      if (pieceTooBig && count > 1) { perPiece = Math.ceil(count / 2); continue; }
      throw error;
    }
    if (busyRetries > 0) clearMessage();
    busyRetries = 0;
    first += count;
    seq += 1;
    const planned = seq + Math.ceil((starts.length - first) / perPiece);
    onChunk(answer, from, to, seq, planned);
  }
  return seq;
}

/**
 * All labels of the session, page by page: { words, entities }. The API splits an entity
 * cut by a page boundary; the two pieces are joined again when the page's first word
 * continues it (an I- label of the same type).
 */
export async function fetchLabels(run, session, onPage) {
  const words = [];
  const entities = [];
  let offset = 0;
  const pageSize = Math.min(10000, (state.model && state.model.maxLabelsPageSize) || 10000);
  const base = '/v1/sessions/' + encodeURIComponent(session.id) + '/labels?limit=' + pageSize + '&offset=';
  while (offset !== null && offset !== undefined) {
    const page = await api('GET', base + offset, undefined, run.abort.signal);
    const lastWord = words[words.length - 1], firstWord = page.words[0];
    for (const entity of page.entities) {
      const previous = entities[entities.length - 1];
      const continues = previous && lastWord && firstWord && previous.end === lastWord.end &&
        entity.start === firstWord.start && entity.label === previous.label && firstWord.label === 'I-' + entity.label;
      if (continues) joinEntity(previous, entity, words.concat(page.words));
      else entities.push(Object.assign({}, entity));
    }
    for (const word of page.words) words.push(word);
    onPage(words.length, page.total);
    offset = page.next_offset;
  }
  return { words, entities: withoutOverlaps(entities) };
}

/** Extends `entity` over `next`: text from the document, score the mean of its words'. */
function joinEntity(entity, next, words) {
  entity.end = next.end;
  entity.text = state.doc.text.slice(state.doc.u16(entity.start), state.doc.u16(entity.end));
  const inside = words.filter((w) => w.start >= entity.start && w.end <= entity.end);
  entity.score = inside.reduce((sum, w) => sum + w.score, 0) / Math.max(1, inside.length);
}

/** Entities sorted by start; one that overlaps an earlier one is dropped. */
export function withoutOverlaps(entities) {
  entities.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [];
  for (const entity of entities) {
    if (kept.length === 0 || entity.start >= kept[kept.length - 1].end) kept.push(entity);
  }
  return kept;
}
