// The memory panel. It lists the session's memory (GET …/memory: the M kept words, by
// score, with bars); a click jumps to the word in the document. Hovering or focusing a
// document word asks POST …/query {"type": "attention"} which memory words it attends to
// most, shows them with their weights and outlines them in both views.
import { ApiError, api } from './api.js';
import { focusWord, markMemoryWords } from './document.js';
import { $, paragraph } from './dom.js';
import { fmt } from './format.js';
import { describeError, showError, showMessage } from './messages.js';
import { state } from './state.js';

/** Numbers the memory requests, so only the newest answer is drawn. */
let memoryRequests = 0;

/** Fetches the session's memory and redraws the panel. */
export async function refreshMemory(signal) {
  const session = state.session;
  if (!session) return;
  const request = ++memoryRequests;
  const memory = await api('GET', '/v1/sessions/' + encodeURIComponent(session.id) + '/memory', undefined, signal);
  if (state.session !== session || request !== memoryRequests) return; // a newer answer is coming
  state.memory = memory;
  renderMemory();
  markMemoryWords();
}

/** Memory fill and chunk count, e.g. "32 / 32 words · 5 chunks read · 10 000 words". */
export function showMemoryFill(size, capacity, chunks, words) {
  $('mem-fill').textContent = size + ' / ' + capacity + ' words kept · ' + fmt(chunks) + ' chunk' +
    (chunks === 1 ? '' : 's') + ' read · ' + fmt(words) + ' words in the session';
}

/** A memory entry as a button: word, score bar, score, where it is. */
function memoryButton(entry, value, max, min, label) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'mem';
  button.dataset.index = entry.index;
  const word = document.createElement('span');
  word.className = 'mem-word';
  word.textContent = entry.word;
  const bar = document.createElement('span');
  bar.className = 'bar';
  const fill = document.createElement('span');
  const share = max > min ? (value - min) / (max - min) : 1;
  fill.style.width = Math.round(100 * (min >= 0 && max > 0 ? value / max : 0.08 + 0.92 * share)) + '%';
  bar.append(fill);
  const score = document.createElement('span');
  score.className = 'mem-score';
  score.textContent = value.toFixed(value !== 0 && Math.abs(value) < 0.01 ? 4 : 2);
  const where = document.createElement('span');
  where.className = 'mem-where';
  where.textContent = 'word ' + fmt(entry.index) + ' · chunk ' + entry.chunk;
  button.append(word, bar, score, where);
  button.setAttribute('aria-label', entry.word + ', ' + label + ' ' + score.textContent +
    ', word ' + entry.index + ' — show it in the document');
  return button;
}

/** Draws the memory list, highest score first. */
export function renderMemory() {
  const memory = state.memory;
  const list = $('memory');
  list.replaceChildren();
  if (!memory) return;
  showMemoryFill(memory.size, memory.capacity, memory.chunks_read, memory.words_total);
  const entries = [...memory.entries].sort((a, b) => b.score - a.score);
  const scores = entries.map((e) => e.score);
  const max = Math.max(...scores), min = Math.min(...scores);
  for (const entry of entries) {
    const li = document.createElement('li');
    li.append(memoryButton(entry, entry.score, max, min, 'score'));
    list.append(li);
  }
}

/** Jumps from a memory entry (or an attended word) to the word in the document. */
export function onMemoryClick(event) {
  const button = event.target.closest('button.mem');
  if (!button) return;
  if (!focusWord(Number(button.dataset.index), { flash: true })) {
    showMessage('Word ' + button.dataset.index + ' is not in the view yet.');
  }
}

/** The pending attention look-up (a timer) and the word whose attention is shown. */
let attentionTimer = null;
let attentionShown = null;

/** Shows the attention of word i after a short pause (hover or focus). */
export function scheduleAttention(i) {
  if (attentionShown === i) return;
  clearTimeout(attentionTimer);
  attentionTimer = setTimeout(() => showAttention(i), 120);
}

/** Forgets the word whose attention is shown and empties the attention box (a new run). */
export function resetAttention() {
  attentionShown = null;
  $('attention').replaceChildren(paragraph('Hover or focus a word of the document.', 'hint'));
}

/** Asks which memory words word i attends to and shows them (cached per word). */
async function showAttention(i) {
  attentionShown = i;
  const box = $('attention');
  const session = state.session;
  if (!session || state.run) {
    box.replaceChildren(paragraph(session ? 'Attention is shown once the document is labelled.'
      : 'No session: attention needs the session API.', 'hint'));
    return;
  }
  let answer = state.attention.get(i);
  if (!answer) {
    try {
      answer = await api('POST', '/v1/sessions/' + encodeURIComponent(session.id) + '/query',
        { type: 'attention', index: i, k: 5 });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      box.replaceChildren(paragraph(describeError(error) + ' ' + error.message, 'hint'));
      box.dataset.index = String(i);
      if (error.status === 401 || error.status === 404 || error.status === 410) showError(error);
      return;
    }
    state.attention.set(i, answer);
  }
  if (attentionShown !== i || state.session !== session) return;
  renderAttention(answer);
}

/** Draws an attention answer and outlines the attended words in both views. */
function renderAttention(answer) {
  const box = $('attention');
  box.dataset.index = String(answer.index);
  const title = document.createElement('p');
  const strong = document.createElement('strong');
  strong.textContent = '“' + answer.word + '”';
  if (answer.attends_to.length === 0) {
    const chunkSize = (state.model && state.model.chunkSize) || 64;
    title.append(strong, ' (word ' + fmt(answer.index) + ') attends to no memory word: the memory holds only words ' +
      'of its own ' + chunkSize + '-word chunk, which it sees directly.');
  } else {
    title.append(strong, ' (word ' + fmt(answer.index) + ') attends most to:');
  }
  const list = document.createElement('ol');
  list.className = 'attn-list';
  const weights = answer.attends_to.map((e) => e.weight);
  const max = Math.max(...weights, 0), min = Math.min(...weights, 0);
  for (const entry of answer.attends_to) {
    const li = document.createElement('li');
    li.append(memoryButton(entry, entry.weight, max, min, 'weight'));
    list.append(li);
  }
  box.replaceChildren(title, list);
  const attended = new Set(answer.attends_to.map((e) => e.index));
  for (const el of document.querySelectorAll('.w.attn, .w.current')) el.classList.remove('attn', 'current');
  const current = state.doc && state.doc.wordEls[answer.index];
  if (current) current.classList.add('current');
  for (const el of $('memory').querySelectorAll('.mem')) {
    el.classList.toggle('attended', attended.has(Number(el.dataset.index)));
  }
  for (const index of attended) {
    const el = state.doc && state.doc.wordEls[index];
    if (el) el.classList.add('attn');
  }
}
