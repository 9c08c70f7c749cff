"""The app's stylesheet and the script of its results area (static text, no data in it)."""

from songngu.app.texts import LANGUAGES, text

CSS = """
.sn-header h1 { margin: 0; font-size: 1.6rem; }
/* On a phone the rows wrap (the language choice and the ask button go below) instead of squeezing the
   title and the question into a column a word wide; Gradio sets these blocks' min-width to 0. */
#sn-header { min-width: min(320px, 100%) !important; }
#sn-question { min-width: min(240px, 100%) !important; }
.sn-header p { margin: .2rem 0 0; opacity: .8; }
.sn-notice { padding: .7rem 1rem; border-radius: 8px; background: #f1f5f9; color: #1e293b; }
.sn-notice.sn-error { background: #fef2f2; color: #991b1b; border: 1px solid #fecaca; }
.sn-badge-row { margin-bottom: .5rem; font-size: .9rem; color: #475569; }
.sn-badge { display: inline-block; padding: .05rem .55rem; border-radius: 999px; font-weight: 600;
            background: #e0e7ff; color: #3730a3; }
.sn-badge-zh { background: #fee2e2; color: #991b1b; }
.sn-heading { font-size: 1.05rem; margin: .8rem 0 .4rem; }
.sn-answer { padding: .8rem 1rem; border-left: 4px solid #16a34a; background: #f0fdf4; border-radius: 6px;
             color: #14532d; }
.sn-answer.sn-abstained { border-left-color: #d97706; background: #fffbeb; color: #78350f; }
.sn-answer-text { font-size: 1.05rem; line-height: 1.55; }
.sn-confidence { margin-left: .6rem; padding: .05rem .5rem; border-radius: 999px; font-size: .8rem;
                 font-weight: 600; background: #dcfce7; color: #14532d; }
.sn-confidence-medium { background: #fef9c3; color: #713f12; }
.sn-confidence-low { background: #ffedd5; color: #7c2d12; }
.sn-reason { margin: .4rem 0 0 1.2rem; padding: 0; font-size: .92rem; }
.sn-marker { font-weight: 700; text-decoration: none; color: #1d4ed8; cursor: pointer; }
.sn-sources ul { margin: .2rem 0 0 1.2rem; padding: 0; }
.sn-names { margin-top: .4rem; font-size: .9rem; }
.sn-passage { border: 1px solid #e2e8f0; border-radius: 8px; padding: .7rem .9rem; margin: .6rem 0;
              background: #fff; color: #0f172a; scroll-margin-top: 1rem; }
.sn-passage.sn-flash { box-shadow: 0 0 0 3px #60a5fa; transition: box-shadow .3s; }
.sn-passage header { font-weight: 600; margin-bottom: .35rem; }
.sn-rank { display: inline-block; min-width: 1.5rem; text-align: center; border-radius: 4px;
           background: #334155; color: #fff; font-size: .85rem; }
.sn-date { font-weight: 400; color: #64748b; font-size: .9rem; }
.sn-cited { color: #1d4ed8; font-weight: 700; margin-left: .2rem; }
.sn-text, .sn-doc-text { white-space: pre-wrap; line-height: 1.55; }
.sn-text mark, .sn-doc-text mark { color: inherit; padding: 0; }
mark.sn-in-passage { background: #eff6ff; }
mark.sn-sentence { background: #fef08a; }
mark.sn-span { background: #fb923c; font-weight: 700; }
mark.sn-target { outline: 2px solid #2563eb; }
.sn-cite { margin: .5rem 0 .2rem; display: flex; gap: .5rem; align-items: flex-start; }
.sn-cite-text { flex: 1; font-size: .85rem; line-height: 1.5; white-space: pre-wrap; user-select: all;
                background: #f8fafc; padding: .3rem .5rem; border-radius: 4px; color: #334155; }
.sn-copy { border: 1px solid #cbd5e1; border-radius: 6px; padding: .2rem .6rem; background: #fff; cursor: pointer;
           font-size: .85rem; white-space: nowrap; color: #0f172a; }
.sn-doc summary { cursor: pointer; color: #1d4ed8; font-size: .9rem; }
.sn-doc-cut { color: #64748b; font-style: italic; margin: .2rem 0; }
.sn-doc-text { position: relative; max-height: 320px; overflow: auto; border: 1px solid #e2e8f0;
               border-radius: 6px; padding: .6rem; margin-top: .4rem; font-size: .92rem; }
.sn-corpus { overflow-x: auto; max-width: 100%; }  /* a phone scrolls the table, not the page */
.sn-corpus-table { width: 100%; border-collapse: collapse; font-size: .92rem; }
.sn-corpus-table code { word-break: break-all; }  /* a long id does not take the titles' width */
.sn-corpus-table th, .sn-corpus-table td { border-bottom: 1px solid #e2e8f0; padding: .35rem .5rem; text-align: left; }
.sn-byline, .sn-writing, .sn-note { font-size: .88rem; color: #475569; margin: .2rem 0 .4rem; }
.sn-note { padding: .35rem .6rem; border-radius: 6px; background: #fffbeb; color: #78350f; }
.sn-writing::after { content: " ▍"; animation: sn-blink 1s steps(2) infinite; }
@keyframes sn-blink { to { opacity: 0; } }
.sn-removed { margin: .4rem 0; font-size: .85rem; color: #64748b; }
.sn-removed summary, .sn-extractive summary { cursor: pointer; }
.sn-removed ul { margin: .3rem 0 0 1.2rem; padding: 0; }
.sn-removed-text { text-decoration: line-through; }
.sn-extractive { margin: .4rem 0; font-size: .9rem; }
.sn-extractive summary { color: #1d4ed8; }
.sn-extractive .sn-answer { background: #f8fafc; border-left-color: #94a3b8; color: #334155; }
.sn-translate-row { margin: .3rem 0; }
.sn-translate { border: 1px solid #cbd5e1; border-radius: 6px; padding: .2rem .6rem; background: #fff; cursor: pointer;
                font-size: .85rem; color: #0f172a; }
.sn-footer { text-align: center; font-size: .85rem; color: #64748b; }
#sn-status { min-height: 3.2rem; }  /* room for the indexing bar (it floats over the status line) */
#sn-example-row { flex-wrap: wrap; gap: .4rem; }
#sn-example-row > .sn-example { flex: 0 1 auto; width: auto; min-width: 0; max-width: 100%; white-space: normal;
                                text-align: left; font-weight: 400; }
/* Gradio's English text, hidden: its progress line's "processing" and "queue: 1/2" (the bar and our words on it
   stay); its drop zone's "Drop File Here - or - Click to Upload" (our hint comes in ::after, see stylesheet()).
   Hidden text takes no room at font-size 0, and is not in the page's text (innerText) when not visible. */
.gradio-container [data-testid="status-tracker"] .progress-text { display: none; }
#sn-upload [data-testid="upload-text"] { font-size: 0; visibility: hidden; }
#sn-upload [data-testid="upload-text"] .icon-wrap { visibility: visible; }
#sn-upload [data-testid="upload-text"] .or { display: none; }
#sn-upload [data-testid="upload-text"]::after { font-size: var(--text-lg); visibility: visible; }
.sn-translation { margin-top: .35rem; padding: .4rem .6rem; border-left: 3px solid #a5b4fc; background: #eef2ff;
                  white-space: pre-wrap; font-size: .92rem; color: #1e1b4b; }
"""


def stylesheet() -> str:
    """``CSS`` and, per interface language, our hint in the upload drop zone in place of Gradio's English:
    shown while the upload has the class ``sn-lang-<language>`` (``songngu.app.blocks`` sets it)."""
    hints = "".join(f'#sn-upload.sn-lang-{lang} [data-testid="upload-text"]::after {{ content: '
                    f'"{_css_string(text(lang, "drop_files"))}"; }}\n' for lang in LANGUAGES)
    return CSS + hints


def _css_string(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


# Runs once when the results area is mounted; listeners sit on its root, so they serve every re-render.
RESULTS_JS = """
element.addEventListener('click', (event) => {
  const copy = event.target.closest('.sn-copy');
  if (copy) {
    const text = copy.dataset.copy;
    const done = () => { copy.textContent = copy.dataset.done; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, () => {});
    } else {
      const range = document.createRange();
      range.selectNodeContents(copy.parentElement.querySelector('.sn-cite-text'));
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      if (document.execCommand('copy')) done();
    }
    return;
  }
  const marker = event.target.closest('a[data-passage]');
  if (marker) {
    event.preventDefault();
    const passage = element.querySelector('#' + marker.dataset.passage);
    if (passage) {
      passage.scrollIntoView({behavior: 'smooth', block: 'start'});
      passage.classList.add('sn-flash');
      setTimeout(() => passage.classList.remove('sn-flash'), 1600);
    }
  }
});
element.addEventListener('click', async (event) => {
  const button = event.target.closest('.sn-translate');
  if (!button || button.disabled) return;
  const box = button.parentElement.querySelector('.sn-translation');
  const original = button.textContent;
  button.disabled = true;
  button.textContent = button.dataset.busy;
  const body = {doc_id: button.dataset.doc, start: Number(button.dataset.start), end: Number(button.dataset.end),
                lang: button.dataset.lang};
  try {
    const response = await fetch('api/translate', {method: 'POST', headers: {'Content-Type': 'application/json'},
                                                   body: JSON.stringify(body)});
    const data = await response.json();
    box.textContent = response.ok ? `${button.dataset.label} (${data.model}): ${data.text}`
                                  : `${button.dataset.failed}: ${data.error}`;
  } catch (error) {
    box.textContent = `${button.dataset.failed}: ${error}`;
  }
  box.hidden = false;
  button.textContent = original;
  button.disabled = false;
});
element.addEventListener('toggle', (event) => {
  const details = event.target;
  if (!details.open || !details.classList || !details.classList.contains('sn-doc')) return;
  const box = details.querySelector('.sn-doc-text');
  const target = box && box.querySelector('.sn-target');
  if (target) box.scrollTop = Math.max(0, target.offsetTop - box.clientHeight / 3);
}, true);
"""
