// Google's Gemini API (generativelanguage.googleapis.com): POST /{v1beta|v1alpha}/models/{model}:generateContent,
// :streamGenerateContent (`?alt=sse`: SSE events ended by CRLF pairs; without it one JSON array), :countTokens, and
// GET /{version}/models. Like the real API it parses the body as a protocol buffer: an unknown field name anywhere is a
// 400 INVALID_ARGUMENT ("Unknown name … Cannot find field"), both the camelCase and the snake_case spelling of a known
// one are accepted, a content needs a role of user or model and at least one part, and the Gemini 3 rules for tool
// history hold: `id` on functionCall/functionResponse only for Gemini 3 or newer, and (Gemini 3) the first functionCall
// of each model step in the current turn must carry the thoughtSignature the API handed out.
import type { ServerResponse } from "node:http";
import { sendJson } from "./http.js";
import { newId, splitText } from "./reply.js";
import { listOf, type Conversation, type Reply } from "./script.js";
import type { Exchange } from "./types.js";

type Fields = Record<string, Spec>;
/** How to check a field's value: a nested message, a list of one, a map of one, or anything (a leaf). */
type Spec = "leaf" | { message: () => Fields } | { list: () => Fields } | { map: () => Fields };

const leaf = "leaf" as const;
const SCHEMA: Fields = fields("type format title description nullable enum maxItems minItems required minProperties maxProperties minLength maxLength pattern example propertyOrdering default minimum maximum", {
  properties: { map: () => SCHEMA },
  items: { message: () => SCHEMA },
  anyOf: { list: () => SCHEMA },
});
const FUNCTION_CALL = fields("id name args");
const FUNCTION_RESPONSE = fields("id name response willContinue scheduling", { parts: { list: () => PART } });
const PART: Fields = fields("text thought thoughtSignature executableCode codeExecutionResult videoMetadata partMetadata mediaResolution", {
  inlineData: { message: () => fields("mimeType data") },
  fileData: { message: () => fields("mimeType fileUri") },
  functionCall: { message: () => FUNCTION_CALL },
  functionResponse: { message: () => FUNCTION_RESPONSE },
});
const CONTENT = fields("role", { parts: { list: () => PART } });
const DECLARATION = fields("name description behavior parametersJsonSchema responseJsonSchema", {
  parameters: { message: () => SCHEMA },
  response: { message: () => SCHEMA },
});
const TOOL = fields("googleSearchRetrieval codeExecution googleSearch computerUse urlContext fileSearch googleMaps", {
  functionDeclarations: { list: () => DECLARATION },
});
const GENERATION_CONFIG = fields("stopSequences responseMimeType responseJsonSchema responseModalities candidateCount maxOutputTokens temperature topP topK seed presencePenalty frequencyPenalty responseLogprobs logprobs enableEnhancedCivicAnswers speechConfig imageConfig mediaResolution", {
  responseSchema: { message: () => SCHEMA },
  thinkingConfig: { message: () => fields("includeThoughts thinkingBudget thinkingLevel") },
});
const REQUEST = fields("model cachedContent", {
  contents: { list: () => CONTENT },
  systemInstruction: { message: () => CONTENT },
  tools: { list: () => TOOL },
  toolConfig: { message: () => fields("retrievalConfig", { functionCallingConfig: { message: () => fields("mode allowedFunctionNames") } }) },
  safetySettings: { list: () => fields("category threshold") },
  generationConfig: { message: () => GENERATION_CONFIG },
});

const THOUGHT = "The mock is thinking about the answer.";
const SIGNATURE_PREFIX = "bW9jay1zaWduYXR1cmU";

/** Why: LiteLLM's gemini/ provider calls these; the model comes from the URL, the key from x-goog-api-key or ?key=. */
export async function geminiGenerate(ex: Exchange, query: Record<string, string>): Promise<void> {
  const problems = validate(ex.body, ex.model);
  if (problems.status) return googleError(ex.res, problems.status, problems.message, problems.violations);
  if (ex.pathMethod === "countTokens") return sendJson(ex.res, 200, { totalTokens: ex.inputTokens });
  const reply = ex.plan(conversation(ex.body));
  const thinking = (generationConfig(ex.body).thinkingConfig as { includeThoughts?: unknown } | undefined)?.includeThoughts === true;
  const thought = thinking ? [{ text: THOUGHT, thought: true }] : [];
  const answer = reply.kind === "tool" ? [callPart(reply, ex.model)] : [{ text: reply.text }];
  const head = { modelVersion: ex.model, responseId: newId("").slice(0, 22) };
  const usage = (done: boolean) => ({
    promptTokenCount: ex.inputTokens,
    ...(done ? { candidatesTokenCount: ex.outputTokens } : {}),
    totalTokenCount: ex.inputTokens + (done ? ex.outputTokens : 0),
    ...(thinking && done ? { thoughtsTokenCount: 9 } : {}),
    promptTokensDetails: [{ modality: "TEXT", tokenCount: ex.inputTokens }],
  });
  const candidate = (parts: object[], done: boolean) => ({ content: { parts, role: "model" }, ...(done ? { finishReason: "STOP" } : {}), index: 0 });
  if (ex.pathMethod !== "streamGenerateContent") {
    return sendJson(ex.res, 200, { candidates: [candidate([...thought, ...answer], true)], usageMetadata: usage(true), ...head });
  }
  const pieces: object[][] = [...thought.map((p) => [p])];
  if (reply.kind === "tool") pieces.push(answer);
  else pieces.push(...(reply.text === ex.parts.join("") ? ex.parts : splitText(reply.text, ex.parts.length)).map((text) => [{ text }]));
  const chunks = pieces.map((parts, i) => ({ candidates: [candidate(parts, i === pieces.length - 1)], usageMetadata: usage(i === pieces.length - 1), ...head }));
  if (query.alt !== "sse") return sendJson(ex.res, 200, chunks);
  const sse = ex.openSse("sse-crlf");
  for (const chunk of chunks) await sse.send(undefined, chunk);
  sse.end();
}

/** Why: GET /{version}/models lists what the key can call, in Google's shape. */
export function geminiModels(models: string[], res: ServerResponse): void {
  const data = models.map((id) => ({
    name: `models/${id}`,
    version: "001",
    displayName: id,
    inputTokenLimit: 1_048_576,
    outputTokenLimit: 65_536,
    supportedGenerationMethods: ["generateContent", "countTokens"],
  }));
  sendJson(res, 200, { models: data });
}

/** Why: Google's error envelope, the one LiteLLM parses and the faults answer with. */
export function googleBody(status: number, message: string, violations: string[] = []): object {
  const details = violations.length
    ? [{ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: violations.map((v) => ({ field: v.split("'")[1] ?? "", description: v })) }]
    : [];
  return { error: { code: status, message, status: GOOGLE_STATUS[status] ?? "UNKNOWN", ...(details.length ? { details } : {}) } };
}

export const GOOGLE_STATUS: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

/** Why: a missing key is refused before anything else, as Google does. */
export function geminiAuthorized(headers: Record<string, string>, query: Record<string, string>): boolean {
  return Boolean(headers["x-goog-api-key"] || query.key);
}

export const UNREGISTERED_CALLER =
  "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.";

function googleError(res: ServerResponse, status: number, message: string, violations: string[] = []): void {
  sendJson(res, status, googleBody(status, message, violations));
}

/** Gemini 3 and newer; older names (gemini-1.x, 2.x, gemini-pro, gemini-exp …) keep the older rules. */
export function isGemini3(model: string): boolean {
  if (!model.startsWith("gemini-")) return false;
  return !/^gemini-(?:[12](?:\.\d+)?|exp|pro|flash)(?:-|$)/.test(model) || /^gemini-(?:pro|flash)(?:-lite)?-latest$/.test(model);
}

function callPart(reply: Extract<Reply, { kind: "tool" }>, model: string): object {
  const call = { name: reply.name, args: reply.input, ...(isGemini3(model) ? { id: reply.id } : {}) };
  return { functionCall: call, thoughtSignature: `${SIGNATURE_PREFIX}${newId("").slice(0, 16)}` };
}

function generationConfig(body: Record<string, unknown>): Record<string, unknown> {
  return (field(body, "generationConfig") as Record<string, unknown> | undefined) ?? {};
}

/** The function declarations offered, and the functionResponse parts sent back. */
function conversation(body: Record<string, unknown>): Conversation {
  const declarations = listOf(field(body, "tools")).flatMap((t) => listOf(field(t, "functionDeclarations")));
  const parts = listOf(field(body, "contents")).flatMap((c) => listOf(field(c, "parts")));
  const results = parts.map((p) => field(p, "functionResponse") as Record<string, unknown> | undefined).filter((r) => r !== undefined);
  return { tools: declarations.map((d) => String(d.name)), toolResults: results.map((r) => JSON.stringify(r.response ?? {})) };
}

interface Problems {
  status?: number;
  message: string;
  violations: string[];
}

/** The checks the real API makes before it runs the model, in its order: the payload's shape, then its content. */
function validate(body: Record<string, unknown>, model: string): Problems {
  const unknown: string[] = [];
  walk(body, REQUEST, "", unknown, model);
  if (unknown.length) return { status: 400, message: unknown.join("\n"), violations: unknown };
  const contents = listOf(field(body, "contents"));
  if (contents.length === 0) return { status: 400, message: "* GenerateContentRequest.contents: contents is not specified\n", violations: [] };
  const empty = contents.findIndex((c) => listOf(field(c, "parts")).length === 0);
  if (empty >= 0) return { status: 400, message: `* GenerateContentRequest.contents[${empty}].parts: contents.parts must not be empty.\n`, violations: [] };
  if (contents.some((c) => c.role !== undefined && c.role !== "user" && c.role !== "model")) {
    return { status: 400, message: "Please use a valid role: user, model.", violations: [] };
  }
  const unsigned = isGemini3(model) ? unsignedCall(contents) : undefined;
  if (unsigned) {
    return {
      status: 400,
      message: `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${unsigned.name}\` , position ${unsigned.position}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
      violations: [],
    };
  }
  return { message: "", violations: [] };
}

/** Gemini 3: in the current turn (after the last user text), each model step's first functionCall needs its signature. */
function unsignedCall(contents: Record<string, unknown>[]): { name: string; position: number } | undefined {
  const isUserText = (c: Record<string, unknown>) => c.role !== "model" && listOf(field(c, "parts")).some((p) => typeof p.text === "string");
  let start = 0;
  contents.forEach((c, i) => {
    if (isUserText(c)) start = i + 1;
  });
  for (let i = start; i < contents.length; i++) {
    const content = contents[i]!;
    if (content.role !== "model") continue;
    const first = listOf(field(content, "parts")).find((p) => field(p, "functionCall") !== undefined);
    if (first && !field(first, "thoughtSignature")) {
      return { name: String((field(first, "functionCall") as { name?: unknown }).name), position: i + 1 };
    }
  }
  return undefined;
}

/** Every key checked against its message's fields, recursively; Google names paths in snake_case. */
function walk(value: unknown, known: Fields, path: string, unknown: string[], model: string): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const name = camel(key);
    const spec = known[name];
    const where = path === "" ? "" : ` at '${path}'`;
    const legacyId = name === "id" && (known === FUNCTION_CALL || known === FUNCTION_RESPONSE) && !isGemini3(model);
    if (spec === undefined || legacyId) {
      unknown.push(`Invalid JSON payload received. Unknown name "${key}"${where}: Cannot find field.`);
      continue;
    }
    const at = path === "" ? snake(name) : `${path}.${snake(name)}`;
    if (spec === "leaf") continue;
    if ("message" in spec) walk(child, spec.message(), at, unknown, model);
    if ("list" in spec) listOf(child).forEach((item, i) => walk(item, spec.list(), `${at}[${i}]`, unknown, model));
    if ("map" in spec && typeof child === "object" && child !== null) {
      for (const [k, v] of Object.entries(child)) walk(v, spec.map(), `${at}[${JSON.stringify(k)}].value`, unknown, model);
    }
  }
}

/** A field by its camelCase or snake_case name, as protobuf JSON parsing accepts both. */
function field(value: Record<string, unknown>, name: string): unknown {
  return value[name] ?? value[snake(name)];
}

function fields(names: string, nested: Record<string, Spec> = {}): Fields {
  return { ...Object.fromEntries(names.split(" ").map((n) => [n, leaf])), ...nested };
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
