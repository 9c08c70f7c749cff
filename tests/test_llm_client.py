"""The OpenAI-compatible client against a scripted server (``tests/llm_server.py``; no model runs here):
streaming and not, the Bearer key, one retry, and every failure as an ``LLMUnavailableError`` reason."""

import time

import pytest

from songngu.errors import LLMUnavailableError
from songngu.search.llm import LLMSettings, chat, stream_chat
from tests.llm_server import INVENTED, Reply, ScriptedLLM, free_port

MESSAGES = [{"role": "system", "content": "Trả lời."},
            {"role": "user", "content": "[1] T\nCầu Bắc Luân III\n\nCâu hỏi: ?"}]
KEY = "sk-test-secret-0123456789"



def settings(model_server: ScriptedLLM, model: str = "scripted", **options) -> LLMSettings:
    return LLMSettings(model_server.base_url, model, KEY, **{"retry_pause_s": 0.05, **options})


def failure(call) -> LLMUnavailableError:
    with pytest.raises(LLMUnavailableError) as caught:
        call()
    return caught.value


def test_streaming_gives_the_answer_in_pieces_and_sends_the_key_as_bearer(model_server):
    pieces = list(stream_chat(settings(model_server), MESSAGES))
    assert len(pieces) > 1 and "".join(pieces).endswith(INVENTED + "[1]")
    request = model_server.requests[-1]
    assert request["authorization"] == f"Bearer {KEY}"
    assert request["payload"]["stream"] is True and request["payload"]["messages"] == MESSAGES
    assert set(request["payload"]) == {"model", "messages", "temperature", "max_tokens", "stream"}


def test_whole_answer_and_a_server_that_ignores_stream(model_server):
    assert chat(settings(model_server), MESSAGES).startswith("北仑河三桥")
    assert model_server.requests[-1]["payload"]["stream"] is False
    assert "".join(stream_chat(settings(model_server, "json-only"), MESSAGES)).startswith("北仑河三桥")


def test_no_key_no_authorization_header(model_server):
    chat(LLMSettings(model_server.base_url, "scripted"), MESSAGES)
    assert model_server.requests[-1]["authorization"] is None


def test_the_key_is_never_shown(model_server):
    shown = LLMSettings(model_server.base_url, "scripted", KEY)
    assert KEY not in repr(shown) and KEY not in str(shown)
    error = failure(lambda: chat(settings(model_server, "fail-401"), MESSAGES))
    assert KEY not in str(error) and KEY not in error.detail


@pytest.mark.parametrize(("model", "reason", "status", "requests"), [
    ("fail-401", "unauthorized", 401, 1), ("fail-404", "rejected", 404, 1), ("fail-429", "rate_limited", 429, 2),
    ("fail-500", "server_error", 500, 2), ("garbage", "malformed", None, 1), ("cut-off", "malformed", None, 1),
])
def test_failures_have_a_reason_and_only_transient_ones_are_retried(model_server, model, reason, status, requests):
    before = len(model_server.requests)
    error = failure(lambda: "".join(stream_chat(settings(model_server, model), MESSAGES)))
    assert (error.reason, error.status) == (reason, status)
    assert len(model_server.requests) - before == requests
    if status:
        assert f"HTTP {status}" in error.detail and "scripted" in error.detail  # the server's own message


def test_one_failure_then_an_answer(model_server):
    model_server.queue["scripted"] = [Reply(status=503)]
    assert chat(settings(model_server), MESSAGES).startswith("北仑河三桥")
    model_server.queue["scripted"] = [Reply(status=429, headers={"Retry-After": "0.1"})]
    assert chat(settings(model_server), MESSAGES).startswith("北仑河三桥")


def test_unreachable_and_timeout():
    error = failure(lambda: chat(LLMSettings(f"http://127.0.0.1:{free_port()}/v1", "m", retry_pause_s=0.05), MESSAGES))
    assert error.reason == "unreachable"


def test_the_timeout_bounds_the_whole_answer(model_server):
    clock = time.monotonic()
    error = failure(lambda: "".join(stream_chat(settings(model_server, "slow", timeout_s=1.0), MESSAGES)))
    assert error.reason == "timeout" and time.monotonic() - clock < 3.5
    assert failure(lambda: chat(settings(model_server, "slow", timeout_s=1.0), MESSAGES)).reason == "timeout"


def test_an_answer_past_max_tokens_is_cut_as_malformed(model_server):
    """A probe (session 8): a server ignoring max_tokens sent 800,000 characters, all accepted by the CLI."""
    start = time.monotonic()
    error = failure(lambda: "".join(stream_chat(settings(model_server, "endless", max_tokens=100), MESSAGES)))
    assert error.reason == "malformed" and "800" in error.detail and time.monotonic() - start < 30


@pytest.mark.parametrize("model", ["trickle", "trickle-sse"])
def test_the_timeout_bounds_a_body_sent_a_byte_at_a_time(model_server, model):
    """A probe (session 23): a server sending its answer a byte every second never tripped a read timeout, and
    ``--llm-timeout 5`` waited minutes."""
    clock = time.monotonic()
    slow = settings(model_server, model, timeout_s=1.0)
    for call in (chat, lambda s, m: "".join(stream_chat(s, m))):
        assert failure(lambda call=call: call(slow, MESSAGES)).reason == "timeout"
    assert time.monotonic() - clock < 8


def test_a_response_without_end_is_cut_off(model_server):
    """A probe (session 23): 300 MB sent at 10 MB/s were read whole, 880 MB of memory."""
    error = failure(lambda: "".join(stream_chat(settings(model_server, "flood"), MESSAGES)))
    assert error.reason == "malformed" and "bytes" in error.detail


def test_a_body_that_does_not_decode_and_a_key_quoted_back(model_server):
    """Probes (session 23): "Content-Encoding: gzip" over a plain body was an internal error (exit 1); a server's
    400 quoting the Authorization header put the key into the note every user of the app reads."""
    assert failure(lambda: chat(settings(model_server, "gzip-bad"), MESSAGES)).reason == "malformed"
    error = failure(lambda: chat(settings(model_server, "echo-key"), MESSAGES))
    assert error.reason == "rejected" and "Bearer ***" in error.detail and KEY not in str(error), error.detail
    # the review of session 23: past the cut at 200 characters, the key's start stayed; 100,000 "[" were exit 1
    error = failure(lambda: chat(settings(model_server, "echo-key-late"), MESSAGES))
    assert KEY[:8] not in str(error), error.detail
    assert failure(lambda: chat(settings(model_server, "deep"), MESSAGES)).reason == "malformed"


class _Pieces:
    """A response whose body arrives in the given pieces (``_lines`` reads nothing else of it)."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces = pieces

    def iter_bytes(self):
        yield from self.pieces


def test_event_lines_are_put_back_together_across_pieces():
    """The review of session 23: the trickle tests only timed the lines out, nothing read them back."""
    from songngu.search.llm import _lines

    text = "data: {\"a\": \"Quảng Ninh\u2028x\"}\r\n\r\n: ping\ndata: [DONE]"
    body = text.encode()
    for size in (1, 2, 3, 7, len(body)):
        pieces = [body[i:i + size] for i in range(0, len(body), size)]
        assert list(_lines(_Pieces(pieces), time.monotonic() + 60)) == [
            "data: {\"a\": \"Quảng Ninh\u2028x\"}", "", ": ping", "data: [DONE]"], size
