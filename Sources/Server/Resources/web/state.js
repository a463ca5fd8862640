// The page's shared mutable state: one object that every module reads and writes (the
// model description, the API key, the session, the run in progress, the document, the
// memory and the attention answers), and body[data-state], which says where the page is
// (loading, idle, running, done, cancelled, error) for people and for the browser test.

/** Everything the page knows; one document and at most one session at a time. */
export const state = {
  model: null,          // GET /v1/model
  key: sessionStorage.getItem('memtx-api-key') || '',
  session: null,        // { id, limits }
  run: null,            // the labelling in progress: { abort, cancelled, started }
  doc: null,            // { text, u16, words, entities, wordEls, entityStarts }
  memory: null,         // GET /v1/sessions/{id}/memory
  attention: new Map(), // word index → POST …/query attention answer
};

/** Sets body[data-state]. */
export function setState(name) { document.body.dataset.state = name; }
