// The document view. The API's offsets count Unicode scalars (code points) while
// JavaScript strings index UTF-16 units, so a scalar→UTF-16 map converts them. Every word
// becomes a span (data-i = its index in the document); the words of an entity sit inside
// one <mark> whose type shows as a tint, an underline style and a tag. Keyboard: one tab
// stop for the document (a roving tabindex), arrows move inside it.
import { $ } from './dom.js';
import { state } from './state.js';

/** A function from a scalar offset in `text` to its UTF-16 offset. */
function scalarToUtf16(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
  const map = new Uint32Array(text.length + 1);
  let scalar = 0, unit = 0;
  while (unit < text.length) {
    map[scalar++] = unit;
    const c = text.charCodeAt(unit);
    const pair = c >= 0xD800 && c <= 0xDBFF && unit + 1 < text.length &&
      text.charCodeAt(unit + 1) >= 0xDC00 && text.charCodeAt(unit + 1) <= 0xDFFF;
    unit += pair ? 2 : 1;
  }
  map[scalar] = text.length;
  return (i) => map[i];
}

/** The entity type of a BIO label ('B-PER' → 'PER'; 'O' → null). */
function entityType(label) {
  return label && label !== 'O' ? label.replace(/^[BIES]-/, '') : null;
}

/** CSS class of an entity type: the four CoNLL types have their own, others share three. */
function typeClass(type) {
  if (['PER', 'LOC', 'ORG', 'MISC'].includes(type)) return 't-' + type;
  const others = entityTypes().filter((t) => !['PER', 'LOC', 'ORG', 'MISC'].includes(t));
  return 't-x' + (Math.max(0, others.indexOf(type)) % 3);
}

/** The model's entity types in label order. */
export function entityTypes() {
  const labels = (state.model && state.model.labels) || [];
  return [...new Set(labels.map(entityType).filter(Boolean))];
}

/** Starts a new, empty document view for `text`. */
export function resetDocument(text) {
  state.doc = { text, u16: scalarToUtf16(text), words: [], entities: [], wordEls: [], entityStarts: [], rendered: 0, block: null };
  $('doc').replaceChildren();
  $('doc-summary').textContent = '';
  $('result').hidden = false;
}

/** A span for one word; `w` has index, word, start, end (scalars) and maybe label, score. */
function wordSpan(w) {
  const span = document.createElement('span');
  span.className = 'w';
  span.dataset.i = w.index;
  span.tabIndex = w.index === 0 ? 0 : -1;
  const chunkSize = (state.model && state.model.chunkSize) || 64;
  if (w.index > 0 && w.index % chunkSize === 0) {
    span.classList.add('cb');
    span.dataset.chunk = String(w.index / chunkSize);
  }
  if (w.label) span.title = w.label + (typeof w.score === 'number' ? ' · ' + w.score.toFixed(2) : '');
  span.textContent = state.doc.text.slice(state.doc.u16(w.start), state.doc.u16(w.end));
  return span;
}

/** A new line block of the view (each ends at a line feed: many small layouts, not one huge one). */
function lineBlock() {
  const block = document.createElement('div');
  block.className = 'line';
  return block;
}

/**
 * Appends the text from the current end of the view up to UTF-16 offset `to`, with
 * `words` (sorted, inside that range) as spans and `entities` (sorted) as marks. Text is
 * laid out in line blocks, one per line feed outside an entity, so long documents stay
 * fast to lay out; the last block stays open for the next call.
 */
export function appendRange(words, entities, to) {
  const doc = state.doc, text = doc.text, u16 = doc.u16;
  const fragment = document.createDocumentFragment();
  let block = doc.block;
  if (!block) { block = lineBlock(); fragment.append(block); }
  let parent = block, open = null, e = 0, pos = doc.rendered;
  const put = (piece) => {
    if (open) { parent.append(piece); return; }
    let from = 0;
    for (let lf = piece.indexOf('\n'); lf !== -1; lf = piece.indexOf('\n', from)) {
      block.append(piece.slice(from, lf + 1));
      block = lineBlock();
      fragment.append(block);
      from = lf + 1;
    }
    if (from < piece.length) block.append(piece.slice(from));
    parent = block;
  };
  for (const w of words) {
    while (e < entities.length && entities[e].end <= w.start) e += 1;
    const entity = e < entities.length && entities[e].start <= w.start ? entities[e] : null;
    if (open && open !== entity) { parent = block; open = null; }
    const start = u16(w.start);
    if (start > pos) put(text.slice(pos, start));
    if (entity && open !== entity) {
      const mark = document.createElement('mark');
      mark.className = 'ent ' + typeClass(entity.label);
      mark.dataset.type = entity.label;
      mark.dataset.start = entity.start;
      mark.dataset.end = entity.end;
      block.append(mark);
      parent = mark; open = entity;
      doc.entityStarts.push(w.index);
    }
    const span = wordSpan(w);
    doc.wordEls[w.index] = span;
    parent.append(span);
    pos = u16(w.end);
  }
  open = null;
  if (to > pos) put(text.slice(pos, to));
  doc.rendered = Math.max(pos, to);
  doc.block = block;
  $('doc').append(fragment);
}

/** Shows the whole labelled document: words (with labels) and entity spans. */
export function renderDocument(words, entities) {
  const text = state.doc.text;
  resetDocument(text);
  state.doc.words = words;
  state.doc.entities = entities;
  appendRange(words, entities, text.length);
  markMemoryWords();
}

/** Moves keyboard focus to word `i` (roving tabindex) and scrolls it into view. */
export function focusWord(i, { flash = false } = {}) {
  const els = state.doc && state.doc.wordEls;
  const el = els && els[i];
  if (!el) return false;
  for (const old of $('doc').querySelectorAll('.w[tabindex="0"]')) old.tabIndex = -1;
  el.tabIndex = 0;
  el.scrollIntoView({ block: 'center', inline: 'nearest' });
  el.focus({ preventScroll: true });
  if (flash) {
    el.classList.remove('flash');
    void el.offsetWidth; // restart the animation
    el.classList.add('flash');
  }
  return true;
}

/** Index of the first entity word after (dir 1) or before (dir -1) word i. */
function nextEntityWord(i, dir) {
  const starts = state.doc.entityStarts;
  if (dir > 0) return starts.find((s) => s > i);
  for (let k = starts.length - 1; k >= 0; k -= 1) if (starts[k] < i) return starts[k];
  return undefined;
}

/** Arrow keys inside the document: words, entities, first and last word. */
export function onDocumentKey(event) {
  const target = event.target.closest('.w');
  if (!target || !state.doc) return;
  const i = Number(target.dataset.i), last = state.doc.wordEls.length - 1;
  const moves = {
    ArrowRight: () => i + 1, ArrowLeft: () => i - 1,
    ArrowDown: () => nextEntityWord(i, 1), ArrowUp: () => nextEntityWord(i, -1),
    Home: () => 0, End: () => last,
  };
  if (!(event.key in moves)) return;
  const to = moves[event.key]();
  event.preventDefault();
  if (to !== undefined && to >= 0 && to <= last) focusWord(to);
}

/** Words kept in memory get the `inmem` class (bold, yellow underlay). */
export function markMemoryWords() {
  if (!state.doc) return;
  for (const el of $('doc').querySelectorAll('.w.inmem')) el.classList.remove('inmem');
  for (const entry of (state.memory && state.memory.entries) || []) {
    const el = state.doc.wordEls[entry.index];
    if (el) el.classList.add('inmem');
  }
}

/** The legend: one item per entity type, plus the memory and attention cues. */
export function renderLegend() {
  const legend = $('legend');
  legend.replaceChildren();
  for (const type of entityTypes()) {
    const li = document.createElement('li');
    const mark = document.createElement('mark');
    mark.className = 'ent swatch ' + typeClass(type);
    mark.dataset.type = type;
    mark.textContent = { PER: 'person', LOC: 'location', ORG: 'organisation', MISC: 'other' }[type] || type;
    li.append(mark);
    legend.append(li);
  }
  for (const [cls, name] of [['inmem-key', 'kept in memory'], ['attn-key', 'attended']]) {
    const li = document.createElement('li');
    const span = document.createElement('span');
    span.className = 'swatch ' + cls;
    span.textContent = name;
    li.append(span);
    legend.append(li);
  }
}
