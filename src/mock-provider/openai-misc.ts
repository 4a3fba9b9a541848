// OpenAI /v1/embeddings (deterministic vectors, float or base64) and GET /v1/models.
import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { sendJson } from "./http.js";
import { estimateTokens, unixSeconds } from "./reply.js";
import type { Exchange } from "./types.js";

const DEFAULT_DIMENSIONS = 16;

/** Why: embedding routes must answer with stable vectors so tests can compare them across calls. */
export function openaiEmbeddings(ex: Exchange): void {
  const raw = ex.body.input;
  const inputs: unknown[] = Array.isArray(raw) && raw.some((x) => typeof x !== "number") ? raw : [raw];
  const dims = typeof ex.body.dimensions === "number" ? ex.body.dimensions : DEFAULT_DIMENSIONS;
  const base64 = ex.body.encoding_format === "base64";
  const data = inputs.map((input, index) => {
    const vector = embed(input, dims);
    const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
    return { object: "embedding", index, embedding };
  });
  const tokens = estimateTokens(raw);
  sendJson(ex.res, 200, { object: "list", data, model: ex.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

/** Why: clients and health checks list models; OpenAI's list shape. */
export function openaiModels(models: string[], res: ServerResponse): void {
  const data = models.map((id) => ({ id, object: "model", created: unixSeconds(), owned_by: "mock-provider" }));
  sendJson(res, 200, { object: "list", data });
}

/** A unit-length vector drawn from the SHA-256 of the input: same input, same vector. */
function embed(input: unknown, dims: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dims; block += 1) {
    const digest = createHash("sha256").update(`${block}:${JSON.stringify(input)}`).digest();
    for (let i = 0; i + 1 < digest.length && values.length < dims; i += 2) values.push(digest.readUInt16LE(i) / 32767.5 - 1);
  }
  const norm = Math.hypot(...values) || 1;
  return values.map((v) => Math.fround(v / norm));
}
