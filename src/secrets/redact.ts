// Keys never reach a log line or a client: literal values ccproxy knows, plus the shapes of well-known key formats.
// The Python hook has the same rules (templates/ccproxy_hook_pkg/redaction.py); test/fixtures/redaction-vectors.json
// holds the cases both must agree on.

/** Why: one marker everywhere, so a reader sees at once that something was hidden. */
export const REDACTED = "[redacted]";

/** Why: a literal shorter than this (or a plain word) would blank ordinary text wherever it occurs. */
export function isSecretLike(value: string): boolean {
  return value.length >= 8 && !/^[A-Za-z]+$/.test(value) && !/^\s|\s$/.test(value);
}

// Not inside a longer word or key: "risk-assessment" has "sk-" but is no key.
const B = "(?<![A-Za-z0-9_-])";
const TOKEN = "[A-Za-z0-9._~+/=-]";

/** Why: provider key formats, credentials inside URLs and key-carrying headers; each keeps its context and hides the value. */
export const PATTERNS: readonly (readonly [RegExp, string])[] = [
  // scheme://user:password@host (also an empty user: redis://:password@host)
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>:]*:[^\s/?#@"'<>]+@/gi, `$1${REDACTED}@`],
  // ?key=… &api_key=… in URLs (Google's Gemini API takes its key as ?key=)
  [/([?&](?:key|api[_-]?key|access[_-]?token|token|sig|signature|client_secret)=)[^&\s"'<>#]+/gi, `$1${REDACTED}`],
  // header or field forms: x-api-key: …, "api_key": "…", Authorization: Basic …
  [
    /\b((?:x-api-key|x-goog-api-key|api[_-]key|apikey|authorization|proxy-authorization|x-ccproxy-secret|client_secret|aws_secret_access_key)["']?\s*[:=]\s*["']?)(?!\[redacted\]|os\.environ\/)(?:(?:Bearer|Basic|Token)\s+)?[^\s"',;}&]{8,}/gi,
    `$1${REDACTED}`,
  ],
  // Bearer tokens anywhere (a digit required: "Bearer authentication" is prose)
  [new RegExp(`\\b([Bb]earer\\s+)(?!\\[redacted\\])(?=${TOKEN}*\\d)${TOKEN}{8,}`, "g"), `$1${REDACTED}`],
  // Anthropic (sk-ant-api…, sk-ant-oat… OAuth), OpenAI (sk-proj-…), OpenRouter, Langfuse-style pk-/rk-
  [new RegExp(`${B}(?:sk|pk|rk)-(?=[A-Za-z0-9_*-]*\\d)[A-Za-z0-9_*-]{12,}`, "g"), REDACTED],
  // Google API keys
  [new RegExp(`${B}AIza[0-9A-Za-z_-]{30,}`, "g"), REDACTED],
  // AWS access key ids
  [/(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Z0-9])/g, REDACTED],
  // Groq, xAI, Hugging Face, GitHub
  [new RegExp(`${B}(?:gsk_|xai-|hf_|gh[pousr]_|github_pat_)[A-Za-z0-9_]{20,}`, "g"), REDACTED],
  // JWTs (header.payload.signature; both JSON parts start with eyJ)
  [new RegExp(`${B}eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*`, "g"), REDACTED],
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Why: the literal values (provider keys, master key, hook secret) are added once known; patterns apply from the start. */
export class Redactor {
  private literals = new Set<string>();
  private literalPattern: RegExp | undefined;

  /** Adds values to hide wherever they appear; values that are too short or plain words are ignored (see isSecretLike). */
  addLiterals(values: Iterable<string | undefined>): this {
    for (const value of values) if (value !== undefined && isSecretLike(value)) this.literals.add(value);
    const sorted = [...this.literals].sort((a, b) => b.length - a.length); // a longer key that contains a shorter one wins
    this.literalPattern = sorted.length ? new RegExp(sorted.map(escape).join("|"), "g") : undefined;
    return this;
  }

  /** The text with every known value and every key-shaped token replaced by [redacted]. */
  redact(text: string): string {
    let out = this.literalPattern ? text.replace(this.literalPattern, REDACTED) : text;
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }
}

/** Why: the process-wide redactor every log writer of this process uses; `start` adds the literals it learns in preflight. */
export const processRedactor = new Redactor();

/** Why: environment variables whose names say they hold a credential; their values are hidden even if no config names them. */
export const SECRET_NAME = /(?:^|_)(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$|^(?:ANTHROPIC|OPENAI)_API_KEY$/i;

/** Why: the values of credential-named variables in an environment (names such as *_API_KEY, *_TOKEN, *_SECRET). */
export function secretLikeEnvValues(env: NodeJS.ProcessEnv, names: Iterable<string> = []): string[] {
  const wanted = new Set(names);
  return Object.entries(env)
    .filter(([name, value]) => value !== undefined && (wanted.has(name) || SECRET_NAME.test(name)))
    .map(([, value]) => value!);
}
