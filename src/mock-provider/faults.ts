// Fault injection: which fault hits a request, and the providers' real error bodies for status faults.
import type { ServerResponse } from "node:http";
import { googleBody } from "./gemini.js";
import { sendJson } from "./http.js";
import type { Api, Fault } from "./types.js";

/** Why: one settable fault per server, scoped to a model and to the next `times` matching requests. */
export class FaultSlot {
  private fault: Fault | undefined;
  private remaining = Infinity;

  set(fault: Fault | undefined): void {
    this.fault = fault;
    this.remaining = fault?.times ?? Infinity;
  }

  /** The fault for a request to `model`, counting it against `times`. */
  take(model: string | undefined): Fault | undefined {
    const fault = this.fault;
    if (fault === undefined || !matches(fault.model, model)) return undefined;
    this.remaining -= 1;
    if (this.remaining <= 0) this.set(undefined);
    return fault;
  }
}

function matches(pattern: string | RegExp | undefined, model: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (model === undefined) return false;
  return typeof pattern === "string" ? pattern === model : pattern.test(model);
}

const ANTHROPIC_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  529: "overloaded_error",
};

const OPENAI_TYPES: Record<number, [type: string, code: string | null]> = {
  400: ["invalid_request_error", null],
  401: ["invalid_request_error", "invalid_api_key"],
  403: ["invalid_request_error", "unsupported_country_region_territory"],
  404: ["invalid_request_error", "model_not_found"],
  429: ["requests", "rate_limit_exceeded"],
};

/** Why: clients and LiteLLM parse the provider's own error shape; tests need it byte-for-byte plausible. */
export function errorBody(api: Api, status: number, message = `mock-${api} error ${status}`): object {
  if (api === "gemini") return googleBody(status, message);
  if (api === "ollama") return { error: message };
  if (api === "anthropic") {
    return { type: "error", error: { type: ANTHROPIC_TYPES[status] ?? "api_error", message } };
  }
  const [type, code] = OPENAI_TYPES[status] ?? ["server_error", null];
  return { error: { message, type, param: null, code } };
}

/** Why: a status fault answers like the provider would, with `retry-after` on 429 and 529. */
export function sendStatusFault(api: Api, fault: Extract<Fault, { kind: "status" }>, res: ServerResponse): void {
  const retry: Record<string, string> =
    fault.status === 429 || fault.status === 529 ? { "retry-after": String(fault.retryAfterSeconds ?? 1) } : {};
  sendJson(res, fault.status, fault.body ?? errorBody(api, fault.status), retry);
}
