"""Per-target knowledge in the hook: parsing it from the settings, fitting requests to the target, naming the fix
when a provider answers 404 for its URL."""

import httpx
import litellm
import pytest

from ccproxy_hook_pkg.classify import classify
from ccproxy_hook_pkg.errors import ValidationError
from ccproxy_hook_pkg.settings import load_settings
from ccproxy_hook_pkg.targets import TargetInfo, adapt, parse_targets, target_of

LOCAL = TargetInfo(label="local", alias="ccproxy-local", model="openai/qwen2.5-coder", litellm_model="hosted_vllm/qwen2.5-coder",
                   api="chat", api_name="OpenAI chat completions", url="http://127.0.0.1:8080/v1/chat/completions")
RESPONSES = TargetInfo(label="local", alias="ccproxy-local", model="openai/qwen2.5-coder", litellm_model="openai/qwen2.5-coder",
                       api="responses", api_name="OpenAI Responses API", url="http://127.0.0.1:8080/v1/responses", api_set=True)
GEMINI = TargetInfo(label="gem", alias="ccproxy-gem", model="gemini/gemini-2.5-pro", api="gemini", api_name="Gemini generateContent")
DEEPSEEK = TargetInfo(label="ds", alias="ccproxy-ds", model="deepseek/deepseek-chat", api="messages", api_name="Anthropic Messages")
CLAUDE = TargetInfo(label="default", alias="ccproxy-default", model="anthropic/claude-sonnet-5-5", api="messages")


def test_targets_come_from_the_settings_file(tmp_path):
    path = tmp_path / "ccproxy_hook.json"
    path.write_text('{"socket": "/tmp/s.sock", "targets": {"local": {"alias": "ccproxy-local", "model": "openai/q", '
                    '"litellm_model": "hosted_vllm/q", "api": "chat", "api_name": "OpenAI chat completions", "url": null, "api_set": false}}}')
    targets = load_settings(str(path), env={}).targets
    assert targets["local"] == TargetInfo(label="local", alias="ccproxy-local", model="openai/q", litellm_model="hosted_vllm/q",
                                          api="chat", api_name="OpenAI chat completions")
    path.write_text('{"socket": "/tmp/s.sock", "targets": {"local": {"model": 3}}}')
    with pytest.raises(ValidationError, match="targets.local needs string alias and model"):
        load_settings(str(path), env={})


def test_a_request_finds_its_target_by_label_or_alias():
    targets = {"local": LOCAL, "gem": GEMINI}
    assert target_of(targets, "gem", "whatever") is GEMINI
    assert target_of(targets, None, "ccproxy-local") is LOCAL  # fail_open decisions carry no label
    assert target_of(targets, None, "claude-x") is None
    assert parse_targets(None, ValueError) == {}


def claude_code_body(max_tokens=128000):
    cached = {"type": "ephemeral"}
    return {
        "model": "ccproxy-x", "max_tokens": max_tokens, "thinking": {"type": "enabled", "budget_tokens": 31999},
        "system": [{"type": "text", "text": "You are Claude Code", "cache_control": cached}],
        "messages": [{"role": "user", "content": [{"type": "text", "text": "hi", "cache_control": cached}]}],
        "tools": [{"name": "Read", "input_schema": {"type": "object"}, "cache_control": cached}],
    }


def test_gemini_targets_lose_cache_control_and_get_max_tokens_within_the_models_limit():
    body = claude_code_body()
    adapt(body, "messages", GEMINI)
    assert "cache_control" not in str(body)
    limit = litellm.get_model_info("gemini/gemini-2.5-pro")["max_output_tokens"]
    assert body["max_tokens"] == limit < 128000
    assert body["thinking"]["budget_tokens"] == 31999  # below the limit: untouched


def test_max_tokens_and_the_thinking_budget_are_lowered_to_the_models_output_limit():
    body = claude_code_body(32000)
    adapt(body, "messages", DEEPSEEK)
    assert body["max_tokens"] == 8192 and body["thinking"]["budget_tokens"] == 8191
    assert "cache_control" in str(body)  # DeepSeek's Anthropic endpoint ignores it
    chat = {"model": "m", "max_tokens": 100000, "max_completion_tokens": 100000}
    adapt(chat, "chat", DEEPSEEK)
    assert chat["max_tokens"] == chat["max_completion_tokens"] == 8192
    responses = {"model": "m", "max_output_tokens": 100000}
    adapt(responses, "responses", DEEPSEEK)
    assert responses["max_output_tokens"] == 8192


def test_claude_targets_and_models_litellm_does_not_know_are_left_alone():
    for target in (CLAUDE, LOCAL, None):
        body = claude_code_body()
        adapt(body, "messages", target)
        assert body == claude_code_body()
    small = {"max_tokens": 512}
    adapt(small, "messages", DEEPSEEK)
    assert small == {"max_tokens": 512}


def provider_404(text, url, provider="openai", cls=litellm.NotFoundError):
    """As LiteLLM raises it: a placeholder URL outside, the real one on the httpx error it was caused by."""
    request = httpx.Request("POST", url)
    outer = cls(message="%sException - %s" % (provider.capitalize(), text), model="m", llm_provider=provider,
                response=httpx.Response(404, request=httpx.Request("POST", "https://docs.litellm.ai/docs")))
    outer.__cause__ = httpx.HTTPStatusError("Client error '404 Not Found'", request=request, response=httpx.Response(404, request=request))
    return outer


LLAMA_CPP_404 = '{"error":{"code":404,"message":"File Not Found","type":"not_found_error"}}'


def test_a_404_for_the_url_is_an_upstream_error_naming_the_label_the_url_and_the_fix():
    err = classify(provider_404(LLAMA_CPP_404, "http://127.0.0.1:8080/v1/responses"), "ccproxy-local", 3.0, RESPONSES)
    assert (err.type, err.code) == ("UpstreamError", 502)
    assert err.message == (
        "target local (openai/qwen2.5-coder, OpenAI Responses API): POST http://127.0.0.1:8080/v1/responses answered "
        "HTTP 404 (not_found_error: File Not Found): the server has no such endpoint. Likely fix: if this server speaks "
        "only chat completions (llama.cpp, LM Studio, vLLM without /v1/responses, Ollama's /v1), set `api: chat` on "
        "targets.local in ccproxy.yaml, then `ccproxy restart`")


def test_a_chat_completions_404_points_at_api_base_and_at_the_responses_api():
    err = classify(provider_404('{"detail":"Not Found"}', "http://h/wrong/chat/completions", "hosted_vllm"), "ccproxy-local", 3.0, LOCAL)
    assert err.code == 502
    assert "POST http://h/wrong/chat/completions answered HTTP 404" in err.message
    assert err.message.endswith("check targets.local.api_base in ccproxy.yaml: LiteLLM appends /chat/completions to it, "
                                "so it usually ends in /v1; or, if it speaks only the Responses API, set `api: responses` there")


def test_without_target_info_the_alias_and_the_url_still_name_it_and_keys_in_urls_are_redacted():
    err = classify(provider_404("<!DOCTYPE html><title>Error 404 (Not Found)!!1</title>", "http://g/x/models/m:generateContent?key=AIzaSECRET", "gemini"), "ccproxy-gem", 3.0)
    assert err.code == 502
    assert err.message.startswith("ccproxy-gem: POST http://g/x/models/m:generateContent?key=[redacted] answered HTTP 404")
    assert "AIzaSECRET" not in err.message


@pytest.mark.parametrize("text, provider", [
    ('{"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}', "openai"),
    ('{"type":"error","error":{"type":"not_found_error","message":"model: claude-no-such-model"}}', "anthropic"),
    ('{"error":{"code":404,"message":"models/gemini-9 is not found for API version v1beta, or is not supported for generateContent.","status":"NOT_FOUND"}}', "gemini"),
    ('{"error":"model \\"llama9\\" not found, try pulling it first"}', "ollama_chat"),
])
def test_a_404_for_an_unknown_model_stays_a_404(text, provider):
    err = classify(provider_404(text, "http://p/x"), "ccproxy-x", 3.0, LOCAL)
    assert (err.type, err.code) == ("UpstreamError", 404)
    assert err.message.startswith("ccproxy-x answered HTTP 404: ")


def test_a_rejected_field_is_explained_in_one_line():
    request = httpx.Request("POST", "http://p")
    exc = litellm.BadRequestError(message='OpenAIException - {"error":{"message":"Unrecognized request argument supplied: context_management","type":"invalid_request_error"}}',
                                  model="m", llm_provider="openai", response=httpx.Response(400, request=request))
    err = classify(exc, "ccproxy-gpt", 3.0)
    assert err.code == 400
    assert err.message.startswith("ccproxy-gpt answered HTTP 400: invalid_request_error: Unrecognized request argument supplied: context_management (Claude Code sent a field")
