"""Finished streams logged from their usage events (stream_logging.py): the same tokens and cost as LiteLLM's full
assembly of the reply, which an interrupted stream still gets."""

import json

import litellm
import pytest
from litellm.proxy.pass_through_endpoints.llm_provider_handlers.anthropic_passthrough_logging_handler import (
    AnthropicPassthroughLoggingHandler as Handler,
)

from ccproxy_hook_pkg.stream_logging import BUILDER, usage_only_stream_logging

MODEL = "claude-sonnet-4-5-20250929"


def sse(event: dict) -> str:
    return "event: %s\ndata: %s\n\n" % (event["type"], json.dumps(event))


def claude_code_stream(finished=True) -> list:
    """What Anthropic streams for a Claude Code turn: thinking, text, a tool call, cache read and write."""
    usage = {"input_tokens": 12, "cache_read_input_tokens": 18000, "cache_creation_input_tokens": 2400, "output_tokens": 1}
    events = [
        {"type": "message_start", "message": {"id": "msg_01", "type": "message", "role": "assistant", "model": MODEL, "content": [], "stop_reason": None, "usage": usage}},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": "", "signature": ""}},
        *({"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "Consider the file %d. " % i}} for i in range(40)),
        {"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": "sig_abc"}},
        {"type": "content_block_stop", "index": 0},
        {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}},
        *({"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "word%d " % i}} for i in range(60)),
        {"type": "content_block_stop", "index": 1},
        {"type": "content_block_start", "index": 2, "content_block": {"type": "tool_use", "id": "toolu_01", "name": "Read", "input": {}}},
        {"type": "content_block_delta", "index": 2, "delta": {"type": "input_json_delta", "partial_json": "{\"file_path\": \"/a.ts\"}"}},
        {"type": "content_block_stop", "index": 2},
        {"type": "message_delta", "delta": {"type": "message_delta", "stop_reason": "tool_use"}, "usage": {"output_tokens": 321}},
        {"type": "message_stop"},
    ]
    if not finished:
        events = events[:70]  # cut inside the text block, as a client that hangs up leaves it
    return [sse(event).encode() for event in events]


@pytest.fixture(scope="module")
def builders():
    assert usage_only_stream_logging() is True
    swapped = Handler.__dict__[BUILDER].__func__
    return swapped, swapped.full_build


def build(builder, chunks, body=None):
    return builder(litellm_logging_obj=None, request_body=body or {"model": MODEL}, all_chunks=chunks, model=MODEL)


def figures(response) -> dict:
    usage = response.usage
    return {
        "prompt": usage.prompt_tokens,
        "completion": usage.completion_tokens,
        "cache_read": usage.cache_read_input_tokens,
        "cache_write": usage.cache_creation_input_tokens,
        "cost": litellm.completion_cost(completion_response=response, model="anthropic/" + MODEL, custom_llm_provider="anthropic"),
    }


def test_a_finished_stream_has_the_full_assemblys_tokens_and_cost_without_its_reply(builders):
    swapped, full = builders
    chunks = claude_code_stream()
    cheap, assembled = build(swapped, chunks), build(full, chunks)
    assert figures(cheap) == figures(assembled)
    assert figures(cheap)["prompt"] == 12 + 18000 + 2400 and figures(cheap)["completion"] == 321 and figures(cheap)["cost"] > 0
    assert "word59" in assembled.choices[0].message.content and not cheap.choices[0].message.content


def test_fast_mode_is_priced_the_same_both_ways(builders):
    swapped, full = builders
    chunks, body = claude_code_stream(), {"model": MODEL, "speed": "fast"}
    assert figures(build(swapped, chunks, body)) == figures(build(full, chunks, body))


def test_an_interrupted_stream_still_gets_the_full_assembly_and_its_counted_output(builders):
    swapped, _ = builders
    response = build(swapped, claude_code_stream(finished=False))
    assert "word" in response.choices[0].message.content
    assert response.usage.completion_tokens > 1  # counted from the assembled text, not message_start's placeholder


def test_installed_once(builders):
    swapped, full = builders
    assert usage_only_stream_logging() is True
    assert Handler.__dict__[BUILDER].__func__ is swapped and swapped.full_build is full
