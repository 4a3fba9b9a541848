"""The summary sent to the hook server: fields per call type, sizes, and parity with TypeScript."""


import json
import os

import pytest
from litellm.types.utils import CallTypes

from ccproxy_hook_pkg.json_bytes import _stdlib_compact_json, compact_json
from ccproxy_hook_pkg.summary import build_summary, normalize_call_type, section_json, section_texts

from bodies import claude_code_body
from conftest import ROOT

VECTORS = os.path.join(ROOT, "test", "fixtures", "summary-vectors.json")


def compact(value) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def summarize(body, call_type):
    normalized = normalize_call_type(call_type)
    return build_summary(body, normalized, section_json(body, normalized))


@pytest.mark.parametrize(
    "litellm_name, expected",
    [
        ("anthropic_messages", "messages"),
        ("acompletion", "chat"),
        ("completion", "chat"),
        ("atext_completion", "completion"),
        ("text_completion", "completion"),
        ("aembedding", "embedding"),
        ("embeddings", "embedding"),
        ("aresponses", "responses"),
        ("responses", "responses"),
        ("pass_through_endpoint", "other"),
        ("aimage_generation", "other"),
        (CallTypes.anthropic_messages, "messages"),
        (CallTypes.aembedding, "embedding"),
    ],
)
def test_call_types_old_and_new_spellings_normalize(litellm_name, expected):
    assert normalize_call_type(litellm_name) == expected


def test_messages_summary_claude_code_shape():
    body = claude_code_body()
    assert any(m["role"] == "system" for m in body["messages"])
    summary = summarize(body, "anthropic_messages")
    assert summary == {
        "v": 1,
        "call_type": "messages",
        "model": "claude-sonnet-4-5-20250929",
        "stream": True,
        "max_tokens": 32000,
        "thinking": {"type": "enabled", "budget_tokens": 31999},
        "effort": "high",
        "tools": [{"name": t["name"]} for t in body["tools"]],
        "bytes": {
            "system": len(compact(body["system"])),
            "messages": len(compact(body["messages"])),
            "tools": len(compact(body["tools"])),
        },
    }


def test_messages_server_tool_keeps_type_and_adaptive_thinking_has_no_budget():
    body = {
        "model": "claude-opus-4-1",
        "max_tokens": 1024,
        "thinking": {"type": "adaptive", "display": "summarized"},
        "system": "Be brief.",
        "messages": [{"role": "user", "content": "weather in Paris?"}],
        "tools": [{"type": "web_search_20250305", "name": "web_search", "max_uses": 5}],
        "tool_choice": {"type": "tool", "name": "web_search"},
    }
    summary = summarize(body, "anthropic_messages")
    assert summary["thinking"] == {"type": "adaptive"}
    assert summary["tools"] == [{"name": "web_search", "type": "web_search_20250305"}]
    assert summary["bytes"]["system"] == len(b'"Be brief."')
    assert "effort" not in summary and "stream" not in summary


def test_chat_system_messages_stay_in_messages():
    body = {
        "model": "gpt-5",
        "messages": [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "hi"}],
        "tools": [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}],
        "reasoning_effort": "low",
        "max_completion_tokens": 900,
        "stream": False,
    }
    summary = summarize(body, "acompletion")
    assert summary == {
        "v": 1,
        "call_type": "chat",
        "model": "gpt-5",
        "stream": False,
        "max_tokens": 900,
        "effort": "low",
        "tools": [{"name": "lookup", "type": "function"}],
        "bytes": {"system": 0, "messages": len(compact(body["messages"])), "tools": len(compact(body["tools"]))},
    }


def test_embedding_counts_input_only():
    body = {"model": "text-embedding-3-small", "input": ["ein Satz", "zwei Sätze"], "metadata": {"k": "v"}}
    assert summarize(body, "aembedding") == {
        "v": 1,
        "call_type": "embedding",
        "model": "text-embedding-3-small",
        "bytes": {"system": 0, "messages": len(compact(body["input"])), "tools": 0},
    }


def test_completion_counts_prompt():
    body = {"model": "gpt-3.5-turbo-instruct", "prompt": "Say ü", "max_tokens": 7}
    summary = summarize(body, "atext_completion")
    assert summary["call_type"] == "completion"
    assert summary["max_tokens"] == 7
    assert summary["bytes"] == {"system": 0, "messages": len('"Say ü"'.encode()), "tools": 0}


def test_responses_instructions_input_tools_and_max_output_tokens():
    body = {
        "model": "gpt-5",
        "instructions": "Answer in French.",
        "input": [{"role": "user", "content": "hello"}],
        "tools": [{"type": "function", "name": "get_time", "parameters": {}}, {"type": "web_search"}],
        "reasoning": {"effort": "medium"},
        "max_output_tokens": 2048,
        "max_tokens": 1,  # not a Responses field: ignored
    }
    summary = summarize(body, "aresponses")
    assert summary["call_type"] == "responses"
    assert summary["max_tokens"] == 2048
    assert summary["effort"] == "medium"
    assert summary["tools"] == [{"name": "get_time", "type": "function"}, {"type": "web_search"}]
    assert summary["bytes"] == {
        "system": len(compact(body["instructions"])),
        "messages": len(compact(body["input"])),
        "tools": len(compact(body["tools"])),
    }


def test_count_tokens_uses_the_messages_sections():
    body = claude_code_body(8)
    summary = summarize(body, "count_tokens")
    assert summary["call_type"] == "count_tokens"
    assert summary["bytes"] == summarize(body, "anthropic_messages")["bytes"]


def test_other_reads_like_messages_as_in_typescript():
    body = claude_code_body(4)
    other = summarize(body, "pass_through_endpoint")
    assert other["call_type"] == "other"
    assert {k: v for k, v in other.items() if k != "call_type"} == {
        k: v for k, v in summarize(body, "anthropic_messages").items() if k != "call_type"
    }


def test_fields_are_read_only_where_the_call_type_has_them():
    body = {"model": "m", "input": "x", "tools": [{"name": "t"}], "output_config": {"effort": "high"},
            "reasoning_effort": "low", "max_completion_tokens": 5}
    assert summarize(body, "aembedding") == {"v": 1, "call_type": "embedding", "model": "m",
                                             "bytes": {"system": 0, "messages": 3, "tools": 0}}


def test_chat_prefers_max_completion_tokens_and_ignores_non_integers():
    assert summarize({"max_completion_tokens": 9, "max_tokens": 1}, "acompletion")["max_tokens"] == 9
    assert summarize({"max_completion_tokens": None, "max_tokens": 1}, "acompletion")["max_tokens"] == 1
    assert "max_tokens" not in summarize({"max_tokens": 1.5}, "acompletion")
    assert "max_tokens" not in summarize({"max_tokens": True}, "anthropic_messages")


def test_tool_refs_keep_position_even_for_odd_entries():
    tools = [{"name": 5, "function": {"name": "f"}}, "not-an-object", {"type": "bash_20250124", "name": "bash"}]
    assert summarize({"tools": tools}, "acompletion")["tools"] == [{"name": "f"}, {}, {"name": "bash", "type": "bash_20250124"}]


def test_bytes_are_utf8_bytes_not_characters_and_both_encoders_agree():
    value = [{"role": "user", "content": "日本語 ✓ \"quoted\" \n tab\t \u2028 \x01 emoji 🎉"}]
    expected = compact(value)
    assert compact_json(value) == expected
    assert _stdlib_compact_json(value) == expected
    assert len(expected) > len(expected.decode())


def test_section_texts_are_the_strings_the_sizes_came_from():
    body = claude_code_body(4)
    sections = section_json(body, "messages")
    texts = section_texts(sections)
    assert json.loads(texts["messages"]) == body["messages"]
    assert len(texts["system"].encode()) == build_summary(body, "messages", sections)["bytes"]["system"]


def test_summary_matches_the_typescript_vectors():
    # A missing file fails here: without it nothing checks that both builders agree.
    # `npx tsx test/fixtures/make-vectors.ts` writes it from the TypeScript summarize().
    with open(VECTORS, encoding="utf-8") as f:
        vectors = json.load(f)
    assert vectors, "summary-vectors.json is empty"
    for vector in vectors:
        ours = summarize(vector["body"], vector["call_type"])
        theirs = vector["summary"]
        for field in sorted(set(ours) | set(theirs)):
            assert ours.get(field) == theirs.get(field), "%s: field %r differs" % (vector["name"], field)


@pytest.mark.parametrize(
    "value, expected",
    [
        ({1: "a", "b": [True, None]}, b'{"1":"a","b":[true,null]}'),  # a non-string key: the fallback with options
        ({"n": 2**70}, b'{"n":1180591620717411303424}'),  # beyond 64 bits: the stdlib fallback
        ({"d": {1.5}}, b'{"d":"{1.5}"}'),  # not JSON at all: default=str, as before
    ],
    ids=["non-str-key", "big-int", "set"],
)
def test_compact_json_fallbacks_keep_their_bytes(value, expected):
    assert compact_json(value) == expected
