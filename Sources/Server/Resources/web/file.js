// The text file the person chose: read as UTF-8 and kept outside the text area (it may be
// megabytes), with its name, size and word count shown beside the file input.
import { $ } from './dom.js';
import { fmt, formatBytes } from './format.js';
import { showMessage } from './messages.js';
import { wordStarts } from './stream.js';

/** The chosen file's text (UTF-8), or null when no file is chosen. */
let fileText = null;

/** The chosen file's text, or null when no file is chosen (or it is not UTF-8). */
export function chosenFileText() { return fileText; }

/** Reads the file just chosen with the file input. */
export async function onFileChosen() {
  const file = $('file').files[0];
  fileText = null;
  $('file-clear').hidden = !file;
  if (!file) { $('file-info').textContent = ''; return; }
  try {
    fileText = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    $('file-info').textContent = '';
    showMessage(file.name + ' is not UTF-8 text.', { kind: 'error' });
    return;
  }
  $('file-info').textContent = file.name + ' · ' + formatBytes(file.size) + ' · ' + fmt(wordStarts(fileText).length) + ' words';
}

/** Forgets the chosen file (the text area's text is labelled again). */
export function forgetFile() {
  $('file').value = '';
  fileText = null;
  $('file-info').textContent = '';
  $('file-clear').hidden = true;
}
