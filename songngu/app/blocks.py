"""The Gradio Blocks of the app, built from a ``LiveIndex`` and ``AppSettings`` passed in.

Two tabs: ask (question, examples, filters, answer and passages) and corpus
(document list, upload, delete). The interface language follows the language
of each question and can be switched; every label, hint and message is in
``songngu.app.texts``. Handlers turn domain errors into a message in the page, never a
traceback. The ask function is also a named API endpoint, ``/ask``, for
``gradio_client``.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import gradio as gr

from songngu.app.assets import RESULTS_JS
from songngu.app.corpus_tab import STATE_SECONDS, Outcome, corpus_tab, restated, trash_choices, wire_corpus
from songngu.app.filters import documents_in, parse_date_bound, period
from songngu.app.generation import answer_for_api, streamed_views
from songngu.app.render import AnswerView, Notice, excerpts_of, render_corpus, render_status, render_view
from songngu.app.state import AppSettings, LiveIndex
from songngu.app.texts import (
    EXAMPLES,
    LANGUAGE_NAMES,
    LANGUAGES,
    accepted_language,
    interface_language,
    text,
    upload_label,
)
from songngu.errors import BadInputError
from songngu.paths import sample_corpus
from songngu.search.ask import MAX_QUERY_CHARS, ask, check_k
from songngu.search.contract import result_json

log = logging.getLogger(__name__)

FIRST_LANGUAGE = "vi"
# What the browser lets into the question (twice what a question may be, so that a longer paste still gets the
# app's "too long" in the page's language) and into a date: an event's body stays small (guard.MAX_EVENT_BODY_BYTES).
QUESTION_MAX_CHARS = 2 * MAX_QUERY_CHARS
DATE_MAX_CHARS = 40
UNUSED_UPLOAD_SECONDS = 3600
# The pages whose sessions Gradio keeps (their states, and a copy of every component an event updated: the
# rendered answer among them). A page that asked holds about 280 kB (measured with tracemalloc, 40 questions on
# the sample, each in a session of its own); Gradio's default of 10,000 sessions let a caller that opens no
# heartbeat grow the server by gigabytes. When more pages come, the one used least recently goes.
MAX_SESSIONS = 1000


def answer_view(live: LiveIndex, settings: AppSettings, question: str, chosen: Sequence[str] | None,
                date_from: str | None, date_to: str | None, k: int) -> AnswerView | Notice:
    """What the results area shows for a question: its result and documents, or a ``Notice``.

    One generation of the index serves the whole question (passages and the
    article texts shown with them), whatever re-index happens meanwhile.
    """
    if not (question or "").strip():
        return Notice("empty_question")
    bounds = []
    for value in (date_from, date_to):
        try:
            bounds.append(parse_date_bound(value))
        except BadInputError:
            return Notice("bad_date", "error", str(value))
    if all(bounds) and period(bounds[0])[0] > period(bounds[1])[1]:  # 2025-12 to 2025-01: said, not "no documents"
        return Notice("dates_reversed", "error")
    index = live.current()
    doc_ids = None
    if chosen or any(bounds):
        doc_ids = documents_in(index.documents(), chosen, *bounds)
        if not doc_ids:
            return Notice("no_documents_in_filter")
    try:
        result = ask(question, index, live.embedder, k=check_k(k, settings.max_k), doc_ids=doc_ids,
                     settings=settings.search)
    except BadInputError as error:
        return Notice("error", "error", str(error), error)
    return AnswerView(result, excerpts_of(result.passages, index.document_texts([p.doc_id for p in result.passages])))


def language_after(view: AnswerView | Notice, current: str) -> str:
    """The interface language after a question: the question's, when the interface has it."""
    if isinstance(view, AnswerView) and view.result.lang in LANGUAGES:
        return view.result.lang
    return interface_language(current)


def render_header(lang: str) -> str:
    return f'<div class="sn-header"><h1>SongNgu · 双语 · song ngữ</h1><p>{escape(text(lang, "subtitle"))}</p></div>'


def render_footer(lang: str) -> str:
    return f'<p class="sn-footer">{escape(text(lang, "api_hint"))}</p>'


def language_class(lang: str) -> str:
    """The class that gives the upload drop zone its hint in ``lang`` (``songngu.app.assets.stylesheet``)."""
    return f"sn-lang-{lang}"


def size_label(limit: int) -> str:
    return f"{limit / 1_000_000:g} MB" if limit >= 1_000_000 else f"{limit / 1000:g} kB"


def holds_the_sample(live: LiveIndex) -> bool:
    """Whether the index holds every bundled sample article (``EXAMPLES`` are asked of them)."""
    sample = {path.stem for path in sample_corpus().glob("*.txt")}
    return sample <= {row.doc_id for row in live.current().documents()}


def document_choices(live: LiveIndex) -> list[tuple[str, str]]:
    return [(f"{row.title} ({row.doc_id})", row.doc_id) for row in live.current().documents()]


@dataclass
class AskTab:
    question: gr.Textbox
    ask_button: gr.Button
    examples: gr.Accordion
    example_buttons: list[gr.Button]
    filters: gr.Accordion
    doc_filter: gr.Dropdown
    date_from: gr.Textbox
    date_to: gr.Textbox
    k: gr.Slider
    hint: gr.HTML
    results: gr.HTML


def ask_tab(live: LiveIndex, settings: AppSettings, lang: str) -> AskTab:
    with gr.Row(equal_height=True):
        question = gr.Textbox(label=text(lang, "question"), placeholder=text(lang, "question_placeholder"),
                              lines=1, max_lines=3, scale=8, max_length=QUESTION_MAX_CHARS, elem_id="sn-question")
        ask_button = gr.Button(text(lang, "ask"), variant="primary", scale=1, elem_id="sn-ask")
    # Buttons, not a gr.Dataset: its chips cut a question at 60 characters ("… với trường nà...").
    # Shown only when the app starts over a corpus holding the sample articles they ask about: over another, each
    # abstained (a probe, session 25).
    with gr.Accordion(text(lang, "examples"), open=True, elem_id="sn-examples",
                      visible=holds_the_sample(live)) as examples:
        with gr.Row(elem_id="sn-example-row"):
            example_buttons = [gr.Button(q, size="sm", elem_classes=["sn-example"])
                               for code in LANGUAGES for q in EXAMPLES[code]]
    with gr.Accordion(text(lang, "filters"), open=False, elem_id="sn-filters") as filters:
        with gr.Row():
            doc_filter = gr.Dropdown(choices=document_choices(live), value=[], multiselect=True, scale=3,
                                     label=text(lang, "filter_documents"), elem_id="sn-filter-docs")
            date_from = gr.Textbox(label=text(lang, "filter_from"), elem_id="sn-date-from", scale=1,
                                   max_length=DATE_MAX_CHARS)
            date_to = gr.Textbox(label=text(lang, "filter_to"), elem_id="sn-date-to", scale=1,
                                 max_length=DATE_MAX_CHARS)
            k = gr.Slider(1, settings.max_k, value=settings.default_k, step=1, label=text(lang, "filter_k"),
                          elem_id="sn-k", scale=1)
        hint = gr.HTML(render_status(text(lang, "filter_hint")), js_on_load=None, elem_id="sn-filter-hint")
    results = gr.HTML(render_view(None, lang), js_on_load=RESULTS_JS, elem_id="sn-results")
    return AskTab(question, ask_button, examples, example_buttons, filters, doc_filter, date_from, date_to, k, hint,
                  results)


def wire_ask(live: LiveIndex, settings: AppSettings, tab: AskTab, view: gr.State, interface: gr.Radio) -> None:
    """Enter, the ask button and the examples answer; the interface follows the question's language."""

    def on_ask(question: str, chosen: list[str], date_from: str, date_to: str, k: float, lang: str):
        # The slider sends a float ("5.0"); an event crafted by hand can send NaN or 2.7, which ``check_k``
        # refuses with a message in the page's language rather than failing on int() or rounding it away.
        whole = int(k) if isinstance(k, float) and k.is_integer() else k
        try:
            shown = answer_view(live, settings, question, chosen, date_from, date_to, whole)
        except Exception as error:  # the edge: a message in the page, the traceback in the log
            log.exception("question failed: %r", question)
            shown = Notice("internal_error", "error", type(error).__name__)
        lang = language_after(shown, lang)
        return shown, render_view(shown, lang), lang

    def on_ask_streaming(question: str, chosen: list[str], date_from: str, date_to: str, k: float, lang: str):
        """The passages at once with a "writing" line, then the model's answer as each sentence is checked."""
        shown, html, lang = on_ask(question, chosen, date_from, date_to, k, lang)
        if not isinstance(shown, AnswerView):
            yield shown, html, lang
            return
        try:
            for step in streamed_views(shown, settings.llm):
                yield step, render_view(step, lang), lang
        except Exception:  # the edge: the extractive result instead, the traceback in the log
            log.exception("generated answer failed: %r", question)
            yield shown, html, lang

    handler = on_ask if settings.llm is None else on_ask_streaming
    inputs = [tab.question, tab.doc_filter, tab.date_from, tab.date_to, tab.k, interface]
    outputs = [view, tab.results, interface]
    options = {"show_progress": "minimal", "concurrency_limit": settings.ask_concurrency, "concurrency_id": "ask",
               "api_visibility": "private"}
    tab.ask_button.click(handler, inputs, outputs, **options)
    tab.question.submit(handler, inputs, outputs, **options)
    for button in tab.example_buttons:  # a button's value is its question
        button.click(lambda example: example, button, tab.question, api_visibility="private").then(
            handler, inputs, outputs, **options)


def wire_language(live: LiveIndex, settings: AppSettings, components: dict, view: gr.State, interface: gr.Radio,
                  ) -> None:
    """Switching the interface language relabels everything and re-renders what is shown."""
    labelled = [(components[name], props) for name, props in LABELS.items()]
    rendered = [components[name] for name in ("upload", "header", "hint", "table", "footer", "status",
                                              "confirm_button")]

    def on_language(lang: str, said: Outcome | None):
        updates = [gr.update(**{prop: text(lang, key) for prop, key in props.items()}) for _, props in labelled]
        upload = gr.update(label=upload_label(lang, size_label(settings.max_upload_bytes), settings.max_upload_files),
                           elem_classes=[language_class(lang)])
        return (*updates, upload, render_header(lang), render_status(text(lang, "filter_hint")),
                render_corpus(live.current().documents(), lang), render_footer(lang), *restated(said, lang))

    interface.change(on_language, [interface, components["said"]], [c for c, _ in labelled] + rendered,
                     api_visibility="private")
    # The results are re-rendered only when the reader switches: an answer that switches the interface to its
    # question's language renders them itself. Re-rendered on every change, they were drawn from the view the switch
    # was given, a streamed answer's first ("the model is writing"), and a switch finishing after the stream painted
    # over the answer (a probe, session 25: 3 of 5 Chinese questions asked on the Vietnamese page stayed "writing").
    interface.input(lambda lang, shown: render_view(shown, lang), [interface, view], components["results"],
                    api_visibility="private")


# Component name -> {property: key in ui.texts}, for relabelling on a language switch.
LABELS = {
    "interface": {"label": "interface"}, "tab_ask": {"label": "tab_ask"}, "tab_corpus": {"label": "tab_corpus"},
    "question": {"label": "question", "placeholder": "question_placeholder"}, "ask_button": {"value": "ask"},
    "examples": {"label": "examples"}, "filters": {"label": "filters"}, "doc_filter": {"label": "filter_documents"},
    "date_from": {"label": "filter_from"}, "date_to": {"label": "filter_to"}, "k": {"label": "filter_k"},
    "upload_button": {"value": "upload_button"}, "delete_choice": {"label": "delete"},
    "delete_button": {"value": "delete_button"}, "cancel_button": {"value": "cancel"}, "undo_button": {"value": "undo"},
    "trash_choice": {"label": "trash"}, "restore_button": {"value": "restore_button"},
}


def build_app(live: LiveIndex, settings: AppSettings) -> gr.Blocks:
    """The app's Blocks; ``songngu.app.server.create_server`` mounts it with its stylesheet and the HTTP API."""
    lang = FIRST_LANGUAGE
    # Files sent to Gradio's upload route but never added by an upload event are Gradio's to delete: within
    # two hours, and all of this app's at shutdown (an event removes the files it reads at once).
    with gr.Blocks(title="SongNgu · 双语", analytics_enabled=False,
                   delete_cache=(UNUSED_UPLOAD_SECONDS, UNUSED_UPLOAD_SECONDS)) as blocks:
        view = gr.State(None, time_to_live=STATE_SECONDS)  # what the results show, to render in the other language
        with gr.Row(equal_height=True):
            header = gr.HTML(render_header(lang), js_on_load=None, elem_id="sn-header")
            interface = gr.Radio([(LANGUAGE_NAMES[code], code) for code in LANGUAGES], value=lang, scale=0,
                                 min_width=220, label=text(lang, "interface"), elem_id="sn-interface")
        with gr.Tabs():
            with gr.Tab(text(lang, "tab_ask"), id="ask", elem_id="sn-tab-ask") as tab_ask:
                asking = ask_tab(live, settings, lang)
            with gr.Tab(text(lang, "tab_corpus"), id="corpus", elem_id="sn-tab-corpus") as tab_corpus:
                corpus = corpus_tab(live, settings, lang, document_choices(live), size_label(settings.max_upload_bytes),
                                    language_class(lang))
        footer = gr.HTML(render_footer(lang), js_on_load=None, elem_id="sn-footer")
        wire_ask(live, settings, asking, view, interface)
        wire_corpus(live, settings, corpus, asking.doc_filter, interface, blocks, lambda: document_choices(live))
        components = {**vars(asking), **vars(corpus), "interface": interface, "header": header,
                      "footer": footer, "tab_ask": tab_ask, "tab_corpus": tab_corpus}
        wire_language(live, settings, components, view, interface)
        def on_load(request: gr.Request) -> tuple:
            opened_in = browser_language(request)  # the results too: the language switch it causes leaves them
            return *refreshed_lists(live, lang), opened_in, render_view(None, opened_in)

        blocks.load(on_load, None, [corpus.table, asking.doc_filter, corpus.delete_choice, corpus.trash_choice,
                                    interface, asking.results], api_visibility="private")
        expose_ask_api(live, settings)
    blocks.state_session_capacity = MAX_SESSIONS  # launch()'s setting; Gradio reads it when the app is mounted
    return blocks


def browser_language(request: gr.Request | None) -> str:
    """The interface language a page opens in: the first of ours the browser asks for (``Accept-Language``,
    by its q weights: a Chinese browser opens the Chinese page, which a reload no longer loses), else
    ``FIRST_LANGUAGE``."""
    return accepted_language(request.headers.get("accept-language", "") if request else "") or FIRST_LANGUAGE


def refreshed_lists(live: LiveIndex, lang: str) -> tuple:
    """The corpus table, both document menus and the trash as they are now (a page may be older than the
    corpus)."""
    choices = document_choices(live)
    return (render_corpus(live.current().documents(), lang), gr.update(choices=choices), gr.update(choices=choices),
            gr.update(choices=trash_choices(live)))


def expose_ask_api(live: LiveIndex, settings: AppSettings) -> None:
    """``/ask`` for ``gradio_client``: the same JSON as ``songngu ask --json`` and ``POST /api/ask``."""

    def ask_api(query: str, k: int = 5) -> dict:
        """Ask one question in Vietnamese or Chinese; the passages, the answer and their offsets as JSON."""
        try:
            return result_json(answer_for_api(query, live.current(), live.embedder, check_k(k, settings.max_k),
                                              settings))
        except BadInputError as error:  # the caller's mistake (a 400 at the edge), not the log's; another error
            raise gr.Error(str(error), print_exception=False) from error  # (index busy or damaged) is the server's

    gr.api(ask_api, api_name="ask", concurrency_limit=settings.ask_concurrency, concurrency_id="ask")
