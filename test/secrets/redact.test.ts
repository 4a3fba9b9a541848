import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isSecretLike, Redactor, secretLikeEnvValues } from "../../src/secrets/redact.js";

const vectors = JSON.parse(readFileSync(new URL("../fixtures/redaction-vectors.json", import.meta.url), "utf8")) as {
  literals: string[];
  cases: [name: string, input: string, output: string][];
};

describe("redaction (the same vectors as the Python hook's)", () => {
  const redactor = new Redactor().addLiterals(vectors.literals);
  it.each(vectors.cases)("%s", (_name, input, output) => {
    expect(redactor.redact(input)).toBe(output);
  });

  it("is idempotent", () => {
    for (const [, input] of vectors.cases) expect(redactor.redact(redactor.redact(input))).toBe(redactor.redact(input));
  });

  it("hides the longer of two overlapping literals whole", () => {
    const r = new Redactor().addLiterals(["abcd1234", "abcd1234efgh5678"]);
    expect(r.redact("k=abcd1234efgh5678 j=abcd1234")).toBe("k=[redacted] j=[redacted]");
  });

  it("takes credential-named variables and the referenced ones, values only", () => {
    const env = { ANTHROPIC_API_KEY: "a1", MY_SERVICE_TOKEN: "b2", AWS_SECRET_ACCESS_KEY: "c3", MOCK: "d4", PATH: "/bin", KEYBOARD: "e5" };
    expect(secretLikeEnvValues(env, ["MOCK"]).sort()).toEqual(["a1", "b2", "c3", "d4"]);
    expect(isSecretLike("hunter22")).toBe(true);
    expect(isSecretLike("disabled")).toBe(false);
  });
});
