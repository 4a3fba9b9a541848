"""Request bodies shaped like what real clients send (Claude Code 2.1.x, as recorded against a local mock), built deterministically."""

SECRET = "sk-ant-SECRET-never-forward-me"


def claude_code_body(target_kb: int = 76) -> dict:
    """A Claude Code 2.1.x main request: system blocks with cache_control, ~18 tools, a long
    conversation with tool_use/tool_result blocks, role:"system" entries and non-ASCII text."""
    tools = [
        {
            "name": name,
            "description": ("Runs %s. " % name) * 40,
            "input_schema": {
                "type": "object",
                "properties": {
                    "command": {"type": "string", "description": "What to run, exactly as typed. " * 6},
                    "timeout": {"type": "number", "description": "Milliseconds before giving up."},
                    "paths": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["command"],
                "additionalProperties": False,
            },
        }
        for name in ("Bash", "Read", "Write", "Edit", "MultiEdit", "Glob", "Grep", "LS", "Task", "TodoWrite",
                     "WebFetch", "WebSearch", "NotebookEdit", "NotebookRead", "ExitPlanMode", "BashOutput",
                     "KillShell", "SlashCommand")
    ]
    system = [
        {"type": "text", "text": "You are Claude Code, Anthropic's official CLI for Claude."},
        {"type": "text", "text": "Follow the repository conventions. Ünïcödé ✓ — 日本語も. " * 230,
         "cache_control": {"type": "ephemeral"}},
    ]
    messages = []
    turn = 0
    body = {
        "model": "claude-sonnet-4-5-20250929",
        "max_tokens": 32000,
        "stream": True,
        "thinking": {"type": "enabled", "budget_tokens": 31999},
        "output_config": {"effort": "high"},
        "metadata": {"user_id": '{"session_id":"6a1c0f3e-0000-4000-8000-000000000001"}'},
        "system": system,
        "tools": tools,
        "messages": messages,
    }
    while not messages or len(str(body).encode()) < target_kb * 1024:
        turn += 1
        messages.append({"role": "user", "content": [{"type": "text", "text": "Fix test %d, please. Grüße! " % turn * 8}]})
        messages.append({"role": "assistant", "content": [
            {"type": "text", "text": "Running the tests first."},
            {"type": "tool_use", "id": "toolu_%04d" % turn, "name": "Bash", "input": {"command": "npm test -- %d" % turn}},
        ]})
        messages.append({"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "toolu_%04d" % turn, "content": "ok %d\n" % turn * 60},
        ]})
        if turn % 5 == 0:
            messages.append({"role": "system", "content": "Reminder: keep the todo list current."})
    return body


def with_litellm_internals(body: dict, metadata_key: str) -> dict:
    """What `data` looks like inside LiteLLM's pre-call hook: the body plus secrets and objects."""
    data = dict(body)
    data["secret_fields"] = {"raw_headers": {"authorization": "Bearer " + SECRET, "x-api-key": SECRET}}
    data["api_key"] = SECRET
    data["litellm_logging_obj"] = object()
    data["proxy_server_request"] = {"headers": {"authorization": "Bearer " + SECRET}, "body": {}}
    data[metadata_key] = dict(data.get(metadata_key) or {}, user_api_key=SECRET, headers={"x-api-key": SECRET})
    return data
