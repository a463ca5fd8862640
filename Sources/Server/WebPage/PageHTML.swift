// The web page's HTML (served at GET /): the input form, progress, messages, the
// labelled document with its legend, and the memory panel. Behaviour lives in PageJS,
// looks in PageCSS; the markup has no inline script or style (the CSP forbids both).

/// index.html of the page.
enum PageHTML {
    static let source = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>memtx — what the model sees</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body data-state="loading">
<a class="skip" href="#doc">Skip to the document</a>
<header class="top">
  <h1>memtx</h1>
  <p class="tagline">Named entities in long documents, and the words the model keeps in its memory.</p>
  <p id="model-info" class="model-info">Loading the model description…</p>
</header>
<main>
  <section class="input" aria-labelledby="input-title">
    <h2 id="input-title">Document</h2>
    <form id="doc-form">
      <label for="text">Paste text</label>
      <textarea id="text" rows="7" spellcheck="false" placeholder="Peter Blackburn of the European Commission met officials in Brussels …"></textarea>
      <div class="row">
        <label class="file-pick" for="file">…or choose a text file</label>
        <input type="file" id="file" accept=".txt,.text,.md,.csv,.tsv,.json,.jsonl,.log,text/*">
        <span id="file-info" class="file-info"></span>
        <button type="button" id="file-clear" class="link" hidden>Forget the file</button>
      </div>
      <div id="key-box" class="key-box" hidden>
        <label for="api-key">API key</label>
        <input id="api-key" type="password" autocomplete="off" spellcheck="false">
        <p class="hint">This server asks for a key. It is sent as <code>Authorization: Bearer …</code> and kept for this tab only.</p>
      </div>
      <div class="row actions">
        <button type="submit" id="run" class="primary">Label</button>
        <button type="button" id="cancel" disabled>Cancel</button>
        <button type="button" id="sample">Short sample</button>
        <button type="button" id="long-sample">Long sample (12 000 words)</button>
      </div>
      <p class="hint" id="mode-hint">Up to <span id="short-words">5 000</span> words go in one request; longer documents are streamed into a session chunk by chunk.</p>
    </form>
    <div id="progress-box" class="progress" hidden>
      <progress id="progress" max="1" value="0"></progress>
      <p id="progress-text" aria-live="polite"></p>
    </div>
    <div id="message" class="message" role="alert" hidden></div>
  </section>

  <section id="result" class="result" aria-label="Result" hidden>
    <div class="doc-col">
      <div class="doc-head">
        <h2 id="doc-title">Entities</h2>
        <ul id="legend" class="legend" aria-label="Legend"></ul>
        <label class="toggle"><input type="checkbox" id="show-chunks"> Show chunk boundaries (every <span id="chunk-size">64</span> words)</label>
      </div>
      <p class="hint">Tab into the document, then <kbd>←</kbd> <kbd>→</kbd> move word by word, <kbd>↑</kbd> <kbd>↓</kbd> jump between entities, <kbd>Home</kbd> <kbd>End</kbd>. Hover or focus a word to see which memory words it attends to.</p>
      <div id="doc" class="doc" role="region" aria-labelledby="doc-title" aria-describedby="doc-summary"></div>
      <p id="doc-summary" class="summary"></p>
    </div>
    <aside class="mem-col" aria-labelledby="mem-title">
      <h2 id="mem-title">Memory</h2>
      <p id="mem-fill" class="summary">No session yet.</p>
      <div id="attention" class="attention" aria-live="polite">
        <p class="hint">Hover or focus a word of the document.</p>
      </div>
      <h3 class="mem-list-title">Kept words, by score</h3>
      <ol id="memory" class="memory"></ol>
    </aside>
  </section>
</main>
<footer class="foot">
  <p>memtx · a Memory Transformer Network labelling service · <a href="/v1/model">/v1/model</a></p>
</footer>
</body>
</html>
"""#
}
