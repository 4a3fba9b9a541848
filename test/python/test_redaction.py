"""Redaction in the hook: the same vectors as src/secrets/redact.ts, and the literals learnt at start-up."""

import json
import os

import pytest

from ccproxy_hook_pkg import redaction

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VECTORS = json.load(open(os.path.join(ROOT, "test", "fixtures", "redaction-vectors.json"), encoding="utf-8"))


@pytest.fixture(autouse=True)
def fresh_literals():
    redaction._reset_for_tests()
    yield
    redaction._reset_for_tests()


@pytest.mark.parametrize("name,text,expected", VECTORS["cases"], ids=[case[0] for case in VECTORS["cases"]])
def test_same_output_as_the_typescript_redactor(name, text, expected):
    redaction.add_literals(VECTORS["literals"])
    assert redaction.redact(text) == expected


def test_learns_the_referenced_and_credential_named_variables():
    env = {"MOCK_KEY": "canary-0123456789", "LITELLM_MASTER_KEY": "sk-master-0123456789abcdef", "CUSTOM": "zz-11223344",
           "PATH": "/usr/bin:/bin", "LITELLM_LOG": "ERROR"}
    redaction.learn_from_environment(["CUSTOM"], env)
    text = "a canary-0123456789 b zz-11223344 c /usr/bin:/bin ERROR"
    assert redaction.redact(text) == "a [redacted] b [redacted] c /usr/bin:/bin ERROR"
