// The web page's stylesheet (served at /app.css). Entity types use the Okabe–Ito
// palette, which stays distinct under the common colour-vision deficiencies, and each
// type also has its own underline style and a text tag, so colour is never the only cue.
// One column up to 900 px (readable at 320 px), document and memory side by side above.

/// app.css of the page.
enum PageCSS {
    static let source = #"""
:root {
  --ink: #1b1b1b; --muted: #585858; --bg: #ffffff; --panel: #f5f5f2; --line: #c9c9c4;
  --focus: #0b57d0; --accent: #0072b2; --error-bg: #fdecea; --error-ink: #8a1c12;
  color-scheme: light;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: var(--bg); line-height: 1.5; }
.top, main, .foot { max-width: 1680px; margin: 0 auto; padding: 0 1rem; }
.top { padding-top: .75rem; border-bottom: 1px solid var(--line); }
h1 { margin: 0; font-size: 1.6rem; letter-spacing: .02em; }
h2 { font-size: 1.15rem; margin: .9rem 0 .4rem; }
h3 { font-size: 1rem; margin: .8rem 0 .3rem; }
.tagline { margin: .1rem 0; }
.model-info, .hint, .summary, .file-info { color: var(--muted); font-size: .9rem; margin: .3rem 0; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: .5rem; top: .5rem; background: #fff; padding: .3rem .6rem; z-index: 10; }
code, kbd { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em; }
kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 3px; padding: 0 .25em; background: var(--panel); }

/* The form */
label { font-weight: 600; }
textarea, input[type=password] {
  width: 100%; font: inherit; color: inherit; padding: .5rem; border: 1px solid #8a8a85; border-radius: 4px;
}
textarea { display: block; margin-top: .25rem; resize: vertical; min-height: 6rem; }
.row { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; margin: .5rem 0; }
.file-pick { font-weight: 600; }
input[type=file] { max-width: 100%; }
button {
  font: inherit; padding: .45rem .9rem; border-radius: 4px; border: 1px solid #6c6c68;
  background: #fff; color: var(--ink); cursor: pointer; min-height: 2.5rem;
}
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
button:disabled { opacity: .5; cursor: not-allowed; }
button.link { border: 0; background: none; color: var(--accent); text-decoration: underline; padding: 0; min-height: 0; }
.key-box { margin: .5rem 0; padding: .5rem .75rem; border: 2px solid #e69f00; border-radius: 6px; background: #fff8e6; }
:focus-visible, .w:focus { outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px #fff; }

/* Progress and messages */
.progress { margin: .5rem 0; }
.progress progress { width: 100%; height: 1.1rem; }
.progress p { margin: .2rem 0; font-variant-numeric: tabular-nums; }
.message { margin: .5rem 0; padding: .6rem .8rem; border-radius: 6px; border-left: 6px solid var(--accent); background: #eef5fb; }
.message.error { border-left-color: #d55e00; background: var(--error-bg); color: var(--error-ink); }
.message p { margin: .15rem 0; }
.message .code { font-family: ui-monospace, monospace; font-size: .85em; }

/* Result: one column on small screens, document and memory side by side on large ones */
.result { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; margin-bottom: 1rem; }
@media (min-width: 900px) { .result { grid-template-columns: minmax(0, 1fr) 21rem; } }
@media (min-width: 1500px) { .result { grid-template-columns: minmax(0, 1fr) 26rem; } .doc { font-size: 1.1rem; } }
.doc-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: .25rem 1rem; }
.doc {
  white-space: pre-wrap; overflow-wrap: anywhere; line-height: 2; max-height: 75vh; overflow: hidden auto;
  border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; background: #fff;
}
@media (max-width: 600px) { .doc { max-height: 65vh; padding: .4rem .5rem; } .top h1 { font-size: 1.3rem; } }
.legend { display: flex; flex-wrap: wrap; gap: .35rem .6rem; list-style: none; margin: 0; padding: 0; font-size: .9rem; }
.toggle { font-weight: 400; font-size: .9rem; }

/* Entities: tint + per-type underline style + a type tag (CSS text, so copying text skips it) */
.ent {
  color: inherit; background: var(--tint); border-radius: 3px; padding: .05em .1em;
  text-decoration-line: underline; text-decoration-color: var(--c); text-decoration-style: var(--u);
  text-decoration-thickness: 2px; text-underline-offset: .25em; -webkit-box-decoration-break: clone; box-decoration-break: clone;
}
.ent::after {
  content: attr(data-type); font-size: .62em; font-weight: 700; letter-spacing: .03em; margin-left: .25em;
  padding: 0 .3em; border-radius: 3px; background: var(--c); color: var(--on); vertical-align: .15em;
  text-decoration: none; line-height: 1.4; /* inline, not inline-block: 5× faster layout of long documents */
}
.swatch { display: inline-block; padding: 0 .35em; border-radius: 3px; }
.t-PER  { --c: #d55e00; --tint: rgba(213, 94, 0, .14);   --u: solid;  --on: #000; }
.t-LOC  { --c: #0072b2; --tint: rgba(0, 114, 178, .13);  --u: double; --on: #fff; }
.t-ORG  { --c: #009e73; --tint: rgba(0, 158, 115, .15);  --u: dashed; --on: #000; }
.t-MISC { --c: #cc79a7; --tint: rgba(204, 121, 167, .2); --u: dotted; --on: #000; }
.t-x0   { --c: #e69f00; --tint: rgba(230, 159, 0, .18);  --u: wavy;   --on: #000; }
.t-x1   { --c: #56b4e9; --tint: rgba(86, 180, 233, .2);  --u: solid;  --on: #000; }
.t-x2   { --c: #000000; --tint: rgba(0, 0, 0, .08);      --u: dashed; --on: #fff; }

/* Words: kept in memory (yellow underlay + bold), attended, chunk boundaries, a jump target */
.w { border-radius: 2px; }
.w.inmem { font-weight: 700; box-shadow: inset 0 -.35em 0 #f0e442; }
.w.attn { outline: 2px dashed #0072b2; outline-offset: 1px; }
.w:hover, .w.current { background: rgba(0, 0, 0, .09); }
.show-chunks .w.cb::before {
  content: attr(data-chunk); display: inline-block; border-left: 3px solid #585858; padding-left: 2px;
  margin-right: .25em; font-size: .62em; line-height: 1.2; color: #3a3a3a; vertical-align: top; font-weight: 400;
}
.w.flash { animation: flash 1.6s ease-out; }
@keyframes flash { from { background: #f0e442; } to { background: transparent; } }
@media (prefers-reduced-motion: reduce) { .w.flash { animation: none; outline: 3px solid #e69f00; } }
.legend .inmem-key { font-weight: 700; box-shadow: inset 0 -.35em 0 #f0e442; }
.legend .attn-key { outline: 2px dashed #0072b2; outline-offset: 1px; }

/* The memory panel */
.mem-col { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 0 .8rem .8rem; align-self: start; }
@media (min-width: 900px) { .mem-col { position: sticky; top: .5rem; max-height: calc(100vh - 1rem); overflow: auto; } }
.mem-col h2 { margin-top: .6rem; }
.memory, .attn-list { list-style: none; margin: 0; padding: 0; }
.memory li, .attn-list li { margin: .2rem 0; }
.mem {
  width: 100%; display: grid; grid-template-columns: minmax(0, 1fr) 5.5rem 3.2rem; grid-template-rows: auto auto;
  align-items: center; gap: 0 .5rem; text-align: left; padding: .25rem .5rem; min-height: 0; background: #fff;
}
.mem .mem-word { font-weight: 700; overflow-wrap: anywhere; }
.mem .mem-score { text-align: right; font-variant-numeric: tabular-nums; font-size: .85rem; }
.mem .mem-where { grid-column: 1 / -1; color: var(--muted); font-size: .78rem; }
.mem.attended { border: 2px dashed #0072b2; background: #eaf4fb; }
.bar { display: block; height: .55rem; background: #e3e3de; border-radius: 3px; overflow: hidden; }
.bar > span { display: block; height: 100%; background: #0072b2; min-width: 2px; }
.attention { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .4rem .6rem; }
.attention p { margin: .2rem 0; }
.attn-list .mem { grid-template-columns: minmax(0, 1fr) 4.5rem 3.2rem; }
.foot { border-top: 1px solid var(--line); color: var(--muted); font-size: .85rem; margin-top: 1rem; }
"""#
}
