"""The corpus tab: the document list, uploads, deletions, a confirmation before anything is replaced or
deleted, an undo of the last change, and the trash, whose files can be put back after the page is gone.

The steps are plain functions from the live index and what the user did to an
``Outcome`` (what to say, what waits for a yes, what change was made), so they
are tested without a browser; ``wire_corpus`` turns outcomes into component
updates. Uploads come in as Gradio upload paths and are read once, through
``songngu.app.uploads`` (only files Gradio's upload route received; removed
afterwards, accepted or not).
"""

import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from songngu.app.corpus import (
    CorpusChange,
    Upload,
    add_files,
    check_uploads,
    document_holders,
    remove_document,
    revert,
)
from songngu.app.held import hold, release, release_stale, take
from songngu.app.render import render_corpus, render_status
from songngu.app.state import AppSettings, LiveIndex
from songngu.app.texts import LANGUAGES, error_text, interface_language, text, upload_label
from songngu.app.trash import find_entry, restore, trash_entries
from songngu.app.uploads import discard, read_received, remove_strays
from songngu.errors import BadInputError, SongNguError
from songngu.index.documents import SUPPORTED_SUFFIXES
from songngu.index.embedding import Progress

log = logging.getLogger(__name__)
# How long the page's states last once set: a change waiting for a yes ten minutes, what the page shows (to
# say again in the other language) and the last change (to undo; the trash keeps it after) an hour, as long as
# Gradio keeps those of a page that was closed. Without a limit, a session that never opened Gradio's heartbeat
# kept them until 10,000 newer sessions had come (a probe).
PENDING_SECONDS = 600
STATE_SECONDS = 3600


@dataclass(frozen=True)
class Pending:
    """A change waiting for the user's yes: uploads that replace corpus files, or the deletion of a document.

    ``held``: the uploads, each as (the name it came with, where its bytes wait: ``songngu.app.held``);
    ``replaces``: the corpus files they were checked to replace."""

    kind: str  # "replace" or "delete"
    held: tuple[tuple[str, Path], ...] = ()
    replaces: tuple[str, ...] = ()
    doc_id: str = ""


def release_pending(pending: Pending | None) -> None:
    """Let go of what a change waiting for a yes holds (a cancel, its state's expiry)."""
    if pending is not None:
        release(pending.held)


@dataclass(frozen=True)
class Outcome:
    """What a step leaves: a message, a change waiting for confirmation, the change made, or an undo done.

    ``message`` is in the language the step ran in; ``say(lang)`` says it again in another (a language
    switch re-renders the status and a question waiting for a yes)."""

    message: str
    kind: str = "info"
    pending: Pending | None = None
    change: CorpusChange | None = None
    undone: bool = False
    say: Callable[[str], str] | None = None


def outcome(lang: str, key: str, kind: str = "info", pending: Pending | None = None,
            change: CorpusChange | None = None, undone: bool = False, **values: object) -> Outcome:
    """The ``Outcome`` whose message is the interface string ``key`` with ``values``; a value that is a function
    of the language (a reason, a list that names files in words) is said in each language asked."""
    def say(language: str) -> str:
        return text(language, key, **{name: value(language) if callable(value) else value
                                      for name, value in values.items()})
    return Outcome(say(lang), kind, pending, change, undone, say)


def public_reason(live: LiveIndex, error: Exception, lang: str) -> str:
    """``error`` in the interface language of ``lang`` when it can say it (``error_text``), else in English,
    either way without the server's folders (SECURITY.md: a caller learns nothing of the disk): a
    file in the corpus, the trash or the index by its name there, each folder itself as "the corpus", "the
    trash", "the index". Only whole paths are replaced: a path as the message writes it (absolute, or
    relative to where the server started) up to a separator or the end of the path."""
    message = error_text(lang, error, str(error))
    places = [(live.corpus_dir, "the corpus"), (live.trash_dir, "the trash")]
    location = live.store.location.removeprefix("milvus:")
    if "://" not in location:  # a local index folder, or a Milvus Lite database (a server's URL is no path)
        places.append((Path(location), "the index"))
    forms = sorted({(form, label) for folder, label in places
                    for form in (str(folder.resolve()), str(folder))}, key=lambda pair: -len(pair[0]))
    for form, label in forms:
        edge = r"(?<![\w./-])" + re.escape(form)
        message = re.sub(edge + re.escape(os.sep), "", message)
        if Path(form).is_absolute():  # a relative form alone ("corpus") is also a plain word of a message
            message = re.sub(edge + r"(?![\w./-])", label, message)
    return message


def reasons(live: LiveIndex, error: Exception) -> Callable[[str], str]:
    """``error``'s reason in each interface language, said now: an outcome kept in a page's state holds the
    text, not the exception (its traceback holds the uploads' bytes and readers)."""
    said = {language: public_reason(live, error, language) for language in LANGUAGES}
    return lambda language: said[interface_language(language)]


def failed(live: LiveIndex, key: str, error: Exception, lang: str) -> Outcome:
    """The message ``key`` for a change that failed: with the reason of a domain error; with no more than
    "an error on the server" for another (a trash folder that cannot be written, a full disk), which the log
    keeps whole."""
    if isinstance(error, SongNguError):
        return outcome(lang, key, "error", reason=reasons(live, error))
    log.error("a corpus change failed", exc_info=error)
    return outcome(lang, key, "error", reason=lambda language: text(language, "server_error"))


def upload_step(live: LiveIndex, settings: AppSettings, uploads: Sequence[Upload], lang: str,
                progress: Progress | None = None, hold_dir: Path | None = None) -> Outcome:
    """Check uploads; add them, or ask first when they would replace corpus files (the uploads wait in a folder
    of ``hold_dir``, the system's temporary folder when None, until the answer: ``songngu.app.held``)."""
    try:
        staged = check_uploads(live.corpus_dir, uploads, settings.max_upload_bytes)
    except (SongNguError, OSError) as error:  # an OSError: the staging folder's disk is full
        return failed(live, "rejected", error, lang)
    replacing = [(file.upload.name, file.name, file.replaces) for file in staged if file.replaces is not None]
    if not replacing:
        return _add(live, settings, uploads, (), lang, progress)
    try:
        held = hold(uploads, hold_dir)
    except OSError as error:
        return failed(live, "rejected", error, lang)

    def files(language: str) -> str:
        return ", ".join(name if sent == name else text(language, "saved_as", sent=sent, name=name, size=size)
                         for sent, name, size in replacing)
    pending = Pending("replace", held, tuple(name for _, name, _ in replacing))
    return outcome(lang, "confirm_replace_question", "warning", pending, files=files)


def delete_step(live: LiveIndex, doc_id: str | None, lang: str) -> Outcome:
    """Ask before deleting ``doc_id``."""
    if not doc_id:
        return outcome(lang, "no_document_chosen")
    titles = {row.doc_id: row.title for row in live.current().documents()}
    if doc_id not in titles:
        return outcome(lang, "delete_failed", "error",
                       reason=lambda language: text(language, "no_document", doc=doc_id))
    shared = next(((path, ids) for path, ids in document_holders(live.corpus_dir).items()
                   if doc_id in ids and len(ids) > 1), None)
    if shared is not None:  # one record of a .jsonl file: the others stay, the file as it was goes to the trash
        return outcome(lang, "confirm_delete_record_question", "warning", Pending("delete", doc_id=doc_id),
                       doc=doc_id, title=titles[doc_id], file=shared[0].name, n=len(shared[1]) - 1)
    return outcome(lang, "confirm_delete_question", "warning", Pending("delete", doc_id=doc_id), doc=doc_id,
                   title=titles[doc_id])


def confirm_step(live: LiveIndex, settings: AppSettings, pending: Pending | None, lang: str,
                 progress: Progress | None = None) -> Outcome:
    """Carry out the change the user said yes to; none when its time ran out (``PENDING_SECONDS``)."""
    if pending is None:
        return outcome(lang, "confirm_expired", minutes=PENDING_SECONDS // 60)
    if pending.kind == "delete":
        return _delete(live, pending.doc_id, lang, progress)
    try:
        uploads = take(pending.held)
    except FileNotFoundError:
        return outcome(lang, "confirm_expired", minutes=PENDING_SECONDS // 60)
    return _add(live, settings, uploads, pending.replaces, lang, progress)


def undo_step(live: LiveIndex, change: CorpusChange | None, lang: str, progress: Progress | None = None) -> Outcome:
    """Undo ``change``: what it removed comes back from the trash, what it wrote goes there."""
    if change is None:
        return outcome(lang, "cancelled")
    try:
        live.change_corpus(lambda corpus: revert(corpus, change, live.trash_dir, "undone"), progress)
    except (SongNguError, OSError) as error:
        return failed(live, "undo_failed", error, lang)
    files = ", ".join(dict.fromkeys([*change.written, *(entry.name for entry in change.trashed)]))
    return outcome(lang, "undone", undone=True, files=files)


def trash_choices(live: LiveIndex) -> list[tuple[str, str]]:
    """(label, entry id) of the files in the trash that came from this corpus, newest first: what the page can
    put back after a reload, when its undo is gone."""
    here = str(live.corpus_dir.resolve())  # entries that recorded no corpus are `songngu restore --corpus`'s
    return [(f"{entry.name} · {entry.removed_at}", entry.id) for entry in trash_entries(live.trash_dir)
            if entry.corpus == here]


def restore_step(live: LiveIndex, entry_id: str | None, lang: str, progress: Progress | None = None) -> Outcome:
    """Put a trash entry back into the corpus (what is now at its place goes to the trash) and index it; an undo
    takes it out again."""
    if not entry_id:
        return outcome(lang, "no_trash_chosen")

    def put_back(corpus: Path) -> CorpusChange:
        entry = find_entry(live.trash_dir, entry_id)
        if not entry.corpus or Path(entry.corpus) != corpus.resolve():  # or from one it did not record
            raise BadInputError(f"{entry.name} came from another corpus ({entry.corpus or 'not recorded'})",
                                "trash_other_corpus", name=entry.name)
        entry, displaced = restore(corpus, live.trash_dir, entry_id)
        return CorpusChange((entry.name,), (displaced,) if displaced else (), (), restored=(entry,)).with_contents(
            corpus)

    try:
        change, _ = live.change_corpus(put_back, progress)
    except (SongNguError, OSError) as error:
        return failed(live, "restore_failed", error, lang)
    if change.trashed:  # the file that was at its place: in the trash now, and said so
        return outcome(lang, "restored_replacing", change=change, name=change.written[0])
    return outcome(lang, "restored", change=change, name=change.written[0])


def _delete(live: LiveIndex, doc_id: str, lang: str, progress: Progress | None) -> Outcome:
    def delete(corpus: Path) -> CorpusChange:
        try:
            return remove_document(corpus, doc_id, live.trash_dir)
        except BadInputError as error:  # no file holds it: gone outside the app if the live index still has it
            if error.key != "no_document" or doc_id not in {row.doc_id for row in live.current().documents()}:
                raise  # another tab's deletion, say: said as it was
            return CorpusChange((), (), (doc_id,))  # the build drops it from the index

    try:
        change, _ = live.change_corpus(delete, progress)
    except (SongNguError, OSError) as error:
        return failed(live, "delete_failed", error, lang)
    if not change.trashed:  # a probe (session 29): a file deleted by hand stayed in the index, and could not be deleted
        return outcome(lang, "deleted_outside", doc=doc_id)
    return outcome(lang, "deleted", change=change, doc=doc_id)


def _add(live: LiveIndex, settings: AppSettings, uploads: Sequence[Upload], confirmed: Sequence[str], lang: str,
         progress: Progress | None) -> Outcome:
    """Add uploads, replacing the corpus files ``confirmed`` (the user said yes) and no other."""

    def add(corpus: Path) -> CorpusChange:  # checked again under the lock: the corpus may have changed since
        return add_files(corpus, check_uploads(corpus, uploads, settings.max_upload_bytes), live.trash_dir,
                         replace=confirmed)

    try:
        change, report = live.change_corpus(add, progress)
    except (SongNguError, OSError) as error:
        return failed(live, "rejected", error, lang)
    counts = {"docs": ", ".join(change.doc_ids), "added": len(report.added), "changed": len(report.changed)}
    if change.trashed:
        return outcome(lang, "replaced", change=change, files=", ".join(e.name for e in change.trashed), **counts)
    return outcome(lang, "added", change=change, **counts)


@dataclass
class CorpusTab:
    table: gr.HTML
    upload: gr.File
    upload_button: gr.Button
    delete_choice: gr.Dropdown
    delete_button: gr.Button
    status: gr.HTML
    confirm_row: gr.Row
    confirm_button: gr.Button
    cancel_button: gr.Button
    undo_button: gr.Button
    trash_choice: gr.Dropdown
    restore_button: gr.Button
    pending: gr.State
    last_change: gr.State
    said: gr.State  # the last Outcome shown, said again on a language switch (``restated``)


def corpus_tab(live: LiveIndex, settings: AppSettings, lang: str, documents: list[tuple[str, str]],
               size_limit: str, language_class: str) -> CorpusTab:
    """The tab's components; ``language_class`` gives the drop zone its hint in ``lang``."""
    table = gr.HTML(render_corpus(live.current().documents(), lang), js_on_load=None, elem_id="sn-corpus")
    with gr.Row():
        with gr.Column():
            upload = gr.File(file_count="multiple", file_types=list(SUPPORTED_SUFFIXES), elem_id="sn-upload",
                             label=upload_label(lang, size_limit, settings.max_upload_files),
                             elem_classes=[language_class])
            upload_button = gr.Button(text(lang, "upload_button"), variant="primary", elem_id="sn-upload-button")
        with gr.Column():
            delete_choice = gr.Dropdown(choices=documents, value=None, label=text(lang, "delete"),
                                        elem_id="sn-delete-choice")
            delete_button = gr.Button(text(lang, "delete_button"), variant="stop", elem_id="sn-delete")
    status = gr.HTML("", js_on_load=None, elem_id="sn-status")
    with gr.Row(visible=False, elem_id="sn-confirm-row") as confirm_row:
        confirm_button = gr.Button(text(lang, "confirm_delete"), variant="stop", elem_id="sn-confirm")
        cancel_button = gr.Button(text(lang, "cancel"), elem_id="sn-cancel")
    undo_button = gr.Button(text(lang, "undo"), visible=False, elem_id="sn-undo")
    with gr.Row(elem_id="sn-trash-row"):
        trash_choice = gr.Dropdown(choices=trash_choices(live), value=None, label=text(lang, "trash"), scale=4,
                                   elem_id="sn-trash-choice")
        restore_button = gr.Button(text(lang, "restore_button"), scale=1, elem_id="sn-restore")
    pending = gr.State(None, time_to_live=PENDING_SECONDS, delete_callback=release_pending)
    return CorpusTab(table, upload, upload_button, delete_choice, delete_button, status, confirm_row, confirm_button,
                     cancel_button, undo_button, trash_choice, restore_button, pending,
                     gr.State(None, time_to_live=STATE_SECONDS), gr.State(None, time_to_live=STATE_SECONDS))


def restated(said: Outcome | None, lang: str) -> tuple[str, dict]:
    """The status and the confirm button of the last outcome shown, in ``lang`` (a language switch)."""
    if said is None or said.say is None:
        return "", gr.update()
    button = gr.update(value=text(lang, f"confirm_{said.pending.kind}")) if said.pending is not None else gr.update()
    return render_status(said.say(lang), said.kind), button


def wire_corpus(live: LiveIndex, settings: AppSettings, tab: CorpusTab, doc_filter: gr.Dropdown,
                interface: gr.Radio, blocks: gr.Blocks, document_choices: Callable[[], list[tuple[str, str]]],
                ) -> None:
    """Upload, delete, confirm, cancel and undo: each step's outcome becomes updates of the tab's components."""
    upload_dir = Path(gr.utils.get_upload_folder())

    def updates(done: Outcome, lang: str) -> dict:
        shown = {tab.status: render_status(done.message, done.kind), tab.pending: done.pending,
                 tab.confirm_row: gr.Row(visible=done.pending is not None), tab.said: done,
                 tab.trash_choice: gr.update(choices=trash_choices(live), value=None)}  # a failed change moves too
        if done.pending is not None:
            shown[tab.confirm_button] = gr.Button(value=text(lang, f"confirm_{done.pending.kind}"))
        if done.change is not None or done.undone:
            choices = document_choices()
            shown |= {tab.table: render_corpus(live.current().documents(), lang), doc_filter: gr.update(
                choices=choices), tab.delete_choice: gr.update(choices=choices, value=None),
                tab.last_change: done.change, tab.undo_button: gr.Button(visible=done.change is not None)}
        return shown

    def progress_of(progress: gr.Progress, lang: str) -> Progress:
        """The index's progress on Gradio's bar, in ``lang``; the bar shows at once, at 0 (the first count
        comes after the first batch is embedded: 7 s into a 60 kB upload on two busy cores)."""
        desc, unit = text(lang, "indexing"), text(lang, "progress_unit")
        progress(0, desc=desc)
        return lambda done, total: progress((done, total), desc=desc, unit=unit)

    def on_upload(files: list[str] | None, lang: str, progress=gr.Progress()):  # noqa: B008 (Gradio's way)
        if not files:
            return updates(outcome(lang, "no_files"), lang)
        try:
            uploads = read_received(files, blocks.upload_file_set, upload_dir, settings.max_upload_bytes)
        except SongNguError as error:
            said = {language: error_text(language, error, str(error)) for language in LANGUAGES}
            rejected = outcome(lang, "rejected", "error", reason=lambda language: said[interface_language(language)])
            return {**updates(rejected, lang), tab.upload: None}
        finally:
            discard(files, blocks.upload_file_set, upload_dir)
            remove_strays(upload_dir)  # one for each of these files (a probe, session 19)
        release_stale(upload_dir, PENDING_SECONDS)  # the uploads of questions another one replaced
        # held in this server's own folder, which goes with the server (songngu.app.server.private_upload_folder)
        done = upload_step(live, settings, uploads, lang, progress_of(progress, lang), hold_dir=upload_dir)
        return {**updates(done, lang), tab.upload: None}

    def on_delete(doc_id: str | None, lang: str):
        return updates(delete_step(live, doc_id, lang), lang)

    def on_confirm(pending: Pending | None, lang: str, progress=gr.Progress()):  # noqa: B008
        return updates(confirm_step(live, settings, pending, lang, progress_of(progress, lang)), lang)

    def on_cancel(pending: Pending | None, lang: str):
        release_pending(pending)
        return updates(outcome(lang, "cancelled"), lang)

    def on_undo(change: CorpusChange | None, lang: str, progress=gr.Progress()):  # noqa: B008
        return updates(undo_step(live, change, lang, progress_of(progress, lang)), lang)

    def on_restore(entry_id: str | None, lang: str, progress=gr.Progress()):  # noqa: B008
        return updates(restore_step(live, entry_id, lang, progress_of(progress, lang)), lang)

    outputs = [tab.status, tab.table, doc_filter, tab.delete_choice, tab.upload, tab.pending, tab.confirm_row,
               tab.confirm_button, tab.undo_button, tab.last_change, tab.said, tab.trash_choice]
    options = {"concurrency_limit": 1, "concurrency_id": "corpus", "api_visibility": "private",
               "show_progress_on": [tab.status]}  # one bar, under the buttons, not one on every output
    tab.upload_button.click(on_upload, [tab.upload, interface], outputs, **options)
    tab.delete_button.click(on_delete, [tab.delete_choice, interface], outputs, **options)
    tab.confirm_button.click(on_confirm, [tab.pending, interface], outputs, **options)
    tab.cancel_button.click(on_cancel, [tab.pending, interface], outputs, **options)
    tab.undo_button.click(on_undo, [tab.last_change, interface], outputs, **options)
    tab.restore_button.click(on_restore, [tab.trash_choice, interface], outputs, **options)
