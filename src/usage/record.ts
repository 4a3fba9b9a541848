// One usage record: what the Python hook sends per served request (templates/ccproxy_hook_pkg/usage_record.py) and
// what the usage files hold, one JSON object per line. Never a prompt, a reply, a header value or a key.

/** Why: the record's fields, in the order they are written; docs/hook-protocol.md (POST /v1/events) documents them. */
export interface UsageRecord {
  v: 1;
  /** When the request ended (ISO 8601, UTC). */
  ts: string;
  /** LiteLLM's call id: a resent batch is recognised by it. */
  id: string | null;
  /** The routing decision: null label when the hook server was unavailable (fail_open), null rule = no rule matched. */
  label: string | null;
  rule: string | null;
  /** The model_list alias LiteLLM served (ccproxy-<label>, or the client's Claude model kept by passthrough). */
  alias: string | null;
  /** The provider model that answered (e.g. anthropic/claude-sonnet-5-5) and its provider. */
  model: string | null;
  provider: string | null;
  call_type: string;
  stream: boolean;
  ok: boolean;
  /** Input tokens, cached ones included; output tokens; the cache's share of the input. */
  in: number;
  out: number;
  cache_read: number;
  cache_write: number;
  /** LiteLLM's computed cost in USD; null when it does not know the model's price. */
  cost: number | null;
  latency_ms: number | null;
  /** Time to first token, streams only. */
  ttft_ms: number | null;
  /** Claude Code's session id. */
  session: string | null;
  error?: { type: string; code: number | null };
}

const NULLABLE_STRINGS = ["id", "label", "rule", "alias", "model", "provider", "session"] as const;
const COUNTS = ["in", "out", "cache_read", "cache_write"] as const;
const NULLABLE_NUMBERS = ["cost", "latency_ms", "ttft_ms"] as const;
const MAX_STRING = 200;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z$/;

/**
 * Why: the one check for records arriving from a worker and records read back from a file. It rebuilds the record
 * from its known fields only, so nothing else (a future field, a bug's stray prompt) is ever written or shown.
 * Returns the record, or a short description of what is wrong with it.
 */
export function checkRecord(value: unknown): UsageRecord | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  const raw = value as Record<string, unknown>;
  if (raw.v !== 1) return `v: expected 1, got ${short(raw.v)}`;
  if (typeof raw.ts !== "string" || !ISO_UTC.test(raw.ts) || Number.isNaN(Date.parse(raw.ts))) return `ts: expected an ISO UTC time, got ${short(raw.ts)}`;
  for (const key of NULLABLE_STRINGS) {
    const field = raw[key];
    if (field !== null && field !== undefined && (typeof field !== "string" || field.length > MAX_STRING)) return `${key}: expected a string or null, got ${short(field)}`;
  }
  if (typeof raw.call_type !== "string" || raw.call_type.length > 40) return `call_type: expected a string, got ${short(raw.call_type)}`;
  for (const key of ["stream", "ok"] as const) if (typeof raw[key] !== "boolean") return `${key}: expected a boolean, got ${short(raw[key])}`;
  for (const key of COUNTS) {
    const field = raw[key];
    if (typeof field !== "number" || !Number.isInteger(field) || field < 0) return `${key}: expected a non-negative integer, got ${short(field)}`;
  }
  for (const key of NULLABLE_NUMBERS) {
    const field = raw[key];
    if (field !== null && field !== undefined && (typeof field !== "number" || !Number.isFinite(field) || field < 0)) return `${key}: expected a non-negative number or null, got ${short(field)}`;
  }
  const error = checkError(raw.error);
  if (typeof error === "string") return error;
  const text = (key: (typeof NULLABLE_STRINGS)[number]) => (typeof raw[key] === "string" && raw[key] !== "" ? (raw[key] as string) : null);
  const nullableNumber = (key: (typeof NULLABLE_NUMBERS)[number]) => (typeof raw[key] === "number" ? (raw[key] as number) : null);
  const record: UsageRecord = {
    v: 1,
    ts: raw.ts,
    id: text("id"),
    label: text("label"),
    rule: text("rule"),
    alias: text("alias"),
    model: text("model"),
    provider: text("provider"),
    call_type: raw.call_type,
    stream: raw.stream as boolean,
    ok: raw.ok as boolean,
    in: raw.in as number,
    out: raw.out as number,
    cache_read: raw.cache_read as number,
    cache_write: raw.cache_write as number,
    cost: nullableNumber("cost"),
    latency_ms: nullableNumber("latency_ms"),
    ttft_ms: nullableNumber("ttft_ms"),
    session: text("session"),
  };
  if (error) record.error = error;
  return record;
}

function checkError(value: unknown): UsageRecord["error"] | undefined | string {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) return `error: expected an object, got ${short(value)}`;
  const { type, code } = value as Record<string, unknown>;
  if (typeof type !== "string" || type.length === 0 || type.length > 60) return `error.type: expected a string, got ${short(type)}`;
  if (code !== null && code !== undefined && (typeof code !== "number" || !Number.isInteger(code))) return `error.code: expected an integer or null, got ${short(code)}`;
  return { type, code: typeof code === "number" ? code : null };
}

function short(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Why: the UTC day a record belongs to, which names its file. */
export function utcDay(ts: string): string {
  return ts.slice(0, 10);
}
