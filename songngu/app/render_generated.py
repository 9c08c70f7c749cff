"""HTML for what a language model adds to a result (``songngu serve --llm``).

A generated answer comes with a line naming the model, the sentences removed because the passages they
cite do not support them (one muted line, expandable to each sentence and why), and the extractive answer
behind a toggle; while the model writes, a "writing" line follows the sentences checked so far. An answer
that fell back to the extractive one comes with its note. Passages in the other language than the question's
get a "translate" button (``songngu.app.assets`` sends it to ``POST /api/translate``). Whatever the model or
its server wrote is untrusted text and is escaped, like everything else (``songngu.app.render``).
"""

from html import escape
from typing import TYPE_CHECKING

from songngu.app.texts import text
from songngu.search.retrieve import Hit

if TYPE_CHECKING:  # loaded with --llm only
    from songngu.search.generate import Generation, Unsupported


def render_generation(generation: "Generation", answer_html: str, extractive_html: str, lang: str) -> str:
    """The answer area of a result with a ``generation``: ``answer_html`` is its answer as
    ``songngu.app.render_answer.render_answer`` shows it, ``extractive_html`` the extractive answer's."""
    complete = "true" if generation.complete else "false"
    parts = [f'<div class="sn-generation" data-mode="{escape(generation.mode)}" data-complete="{complete}">']
    if generation.mode == "extractive":
        parts += [f'<p class="sn-note" role="status">{escape(generation.note or "")}</p>', answer_html,
                  render_removed(generation.unsupported, lang), "</div>"]
        return "".join(parts)
    parts.append(f'<p class="sn-byline">{escape(text(lang, "written_by", model=generation.model))}</p>')
    parts.append(answer_html)
    if not generation.complete:
        parts.append(f'<p class="sn-writing" role="status">{escape(text(lang, "writing"))}</p>')
    parts.append(render_removed(generation.unsupported, lang))
    parts.append(f'<details class="sn-extractive"><summary>{escape(text(lang, "show_extractive"))}</summary>'
                 f"{extractive_html}</details></div>")
    return "".join(parts)


def render_removed(unsupported: "tuple[Unsupported, ...]", lang: str) -> str:
    """The muted, expandable "removed: not supported by the sources" line; "" when nothing was removed."""
    if not unsupported:
        return ""
    items = "".join(f'<li><span class="sn-removed-text">{escape(u.text)}</span> '
                    f'<span class="sn-removed-why">— {escape(text(lang, "why_" + u.kind, item=u.item))}</span></li>'
                    for u in unsupported)
    return (f'<details class="sn-removed"><summary>{escape(text(lang, "removed", n=len(unsupported)))}</summary>'
            f"<ul>{items}</ul></details>")


def translate_button(passage: Hit, question_lang: str, lang: str) -> str:
    """A button that asks the server for ``passage`` in the question's language, and the place its answer goes."""
    data = {"doc": passage.doc_id, "start": passage.start, "end": passage.end, "lang": question_lang,
            "busy": text(lang, "translating"), "label": text(lang, "translation"),
            "failed": text(lang, "translate_failed")}
    attributes = " ".join(f'data-{name}="{escape(str(value), quote=True)}"' for name, value in data.items())
    return (f'<div class="sn-translate-row"><button type="button" class="sn-translate" {attributes}>'
            f'{escape(text(lang, "translate"))}</button><div class="sn-translation" hidden></div></div>')
