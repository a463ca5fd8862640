// Small DOM helpers shared by the page's modules: an element by id and a paragraph.

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** A new <p> with `text` and an optional class. */
export function paragraph(text, className) {
  const p = document.createElement('p');
  p.className = className || '';
  p.textContent = text;
  return p;
}
