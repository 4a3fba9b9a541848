// The ccproxy.yaml schema (templates/ccproxy.yaml documents every key). Rule parameters are
// validated per kind by src/routing/rules/*, so this file only knows a rule's name, kind and `to`.
import { z } from "zod";
import { API_CHOICES } from "../providers/wire-api.js";

/** Why: LiteLLM resolves `os.environ/VAR` itself; a literal key in a config file is a leak waiting to happen. */
export const ENV_REF = /^os\.environ\/[A-Za-z_][A-Za-z0-9_]*$/;
const envRef = z.string().regex(ENV_REF, {
  error: "must be an environment reference such as os.environ/ANTHROPIC_API_KEY; inline secrets are not allowed",
});

/** Why: a label becomes part of a LiteLLM model name (ccproxy-<label>) and of log lines. */
export const LABEL = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const port = z.int().min(1).max(65535);

/** Why: LiteLLM walks at most this many fallback hops per request (router_settings.max_fallbacks); a longer chain is a typo. */
export const MAX_CHAIN = 10;

const target = z.strictObject({
  model: z.string().min(1),
  api_base: z.url().optional(),
  api_key: envRef.optional(),
  /** Serve Claude subscription (OAuth) requests with the client's own token; default: Anthropic's own endpoint only. */
  forward_oauth: z.boolean().optional(),
  /** The wire API for Anthropic-format traffic to an openai/ target; default: responses on OpenAI's own endpoint, chat elsewhere. */
  api: z.enum(API_CHOICES).optional(),
  /** Labels that serve the request, in order, when this target fails (429, 5xx/529, timeout, refused connection). */
  fallbacks: z.array(z.string().min(1)).max(MAX_CHAIN).optional(),
  /** Labels for a context-window error (prompt too long for this model); default: `fallbacks`. */
  context_window_fallbacks: z.array(z.string().min(1)).max(MAX_CHAIN).optional(),
});

const rule = z.looseObject({
  name: z.string().min(1),
  kind: z.string().min(1),
  to: z.string().min(1).optional(),
});

/** Why: sections and their defaults; strict objects so a typo'd key is an error, not a silent no-op. */
export const SECTIONS = {
  version: z.literal(1),
  proxy: z.strictObject({
    host: z.string().min(1).default("127.0.0.1"),
    port: port.default(4000),
    master_key: envRef.optional(),
    request_timeout_s: z.number().positive().default(600),
    max_body_bytes: z.int().positive().default(20_000_000),
    body_timeout_s: z.number().positive().default(60),
    num_retries: z.int().min(0).max(10).default(0),
    /** LiteLLM's own UI, key management, MCP and pass-through routes; closed (404) unless set. */
    expose_litellm_routes: z.boolean().default(false),
    /** Seconds a target that keeps failing is skipped (its requests go straight to its fallbacks); only with fallbacks. */
    cooldown_s: z.number().min(0).max(3600).optional(),
    /** Failures (counted over cooldown_s) before a target with fallbacks cools down. */
    allowed_fails: z.int().min(0).max(1000).default(3),
    /** A child (hook server, LiteLLM) that fails every health check this long is killed and restarted; 0 = off. */
    watchdog_s: z.number().min(0).max(3600).default(20),
  }).prefault({}),
  hook: z.strictObject({
    socket: z.string().min(1).optional(),
    port: port.optional(),
    timeout_ms: z.int().positive().default(200),
    count_timeout_ms: z.int().positive().default(2000),
    on_failure: z.enum(["fail_open", "fail_closed"]).default("fail_open"),
  }).prefault({}),
  targets: z.record(z.string(), target),
  rules: z.array(rule).default([]),
  default: z.strictObject({
    label: z.string().min(1).default("default"),
    passthrough: z.boolean().default(true),
  }).prefault({}),
  /** Usage records (one per served request: tokens, cost, latency; no prompts, no keys) in <state dir>/usage/. */
  usage: z.strictObject({
    record: z.boolean().default(true),
    retention_days: z.int().min(1).max(3650).default(90),
    max_mb: z.int().min(1).default(500),
  }).prefault({}),
  /** Replicas sharing one Redis (docs: README "Scale-out"); absent = one machine, and LiteLLM never sees Redis. */
  cluster: z.strictObject({
    /** redis://[:password@]host:port[/db]; an env reference, since the URL may carry a password. */
    redis_url: envRef,
    /** This replica's name in `status` and in Redis; default <hostname>:<port>. */
    replica_id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, { error: "letters, digits, _ . : - (at most 100)" }).optional(),
    /** Seconds `stop` keeps serving with readiness false before it stops taking requests, so the load balancer sees it first. */
    drain_s: z.number().min(0).max(300).default(5),
  }).optional(),
};

/** Why: the whole file, as zod checks it before the semantic checks in load.ts. */
export const configSchema = z.strictObject(SECTIONS);

type Parsed = z.output<typeof configSchema>;

/** Why: one target = one LiteLLM model_list entry (alias ccproxy-<label>). */
export type Target = z.output<typeof target>;

/** Why: a rule as written: name, kind, `to` (absent for custom) and the kind's own parameters. */
export type RuleConfig = z.output<typeof rule>;

/** Why: the hook server listens on exactly one of them; the socket path is absolute (resolved against the config's folder). */
type HookTransport = { socket: string; port?: undefined } | { port: number; socket?: undefined };

/** Why: the normalized config consumers read. */
export interface Config extends Omit<Parsed, "hook"> {
  hook: HookTransport & {
    timeout_ms: number;
    /** Deadline of the second, exact-count round near a tokens threshold. */
    count_timeout_ms: number;
    on_failure: "fail_open" | "fail_closed";
  };
}
