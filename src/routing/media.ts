// Images and documents in a request, counted as Anthropic bills them instead of as base64 text.
// The Python hook has the same functions (templates/ccproxy_hook_pkg/media.py); the shared vectors in
// test/fixtures/summary-vectors.json keep the two identical. docs/hook-protocol.md, "Media", states the rules.

/** Why: Anthropic scales an image down until its long edge is ≤ 1568 px and it costs ≤ ~1,600 tokens, then bills
 * width × height / 750 tokens (docs.anthropic.com, Vision: "Evaluate image size"). Newer models accept more pixels
 * (Opus 4.7: 2576 px); for routing, 1,600 per image is close enough. */
export const IMAGE_MAX_EDGE = 1568;
export const IMAGE_MAX_TOKENS = 1600;
export const PIXELS_PER_TOKEN = 750;
/** Why: an image whose size cannot be read (a URL, a file id, an unknown format): counted at the cap. */
export const UNKNOWN_IMAGE_TOKENS = IMAGE_MAX_TOKENS;

/** Why: a PDF page costs its extracted text plus the page as an image: Anthropic quotes ~1,500–3,000 tokens per page,
 * and ~7,000 for a 3-page PDF; 2,400 sits in that range. */
export const TOKENS_PER_PDF_PAGE = 2400;
/** Why: a PDF up to this size is scanned whole for page objects; a bigger one in 8 windows spread over it. */
export const PDF_SCAN_BYTES = 256 * 1024;
const PDF_WINDOWS = 8;
/** Why: when no page object is visible (compressed object streams), pages are estimated from the size. */
export const PDF_BYTES_PER_PAGE = 50_000;
/** Why: a document whose pages cannot be read (a URL, a file id, not a PDF): a fixed guess. */
export const UNKNOWN_DOCUMENT_PAGES = 10;

/** Why: how many bytes of an image are read to find its size; JPEG may need several hops between segments. */
const HEADER_BYTES = 32;
const JPEG_MAX_SEGMENTS = 64;

/** Why: what the summary carries about media (the `media` field of docs/hook-protocol.md). */
export interface MediaSummary {
  images: number;
  documents: number;
  tokens: number;
}

type Json = Record<string, unknown>;

/** Why: one counted block: its tokens, and the block with its payload replaced by "" (so it counts no bytes). */
interface Counted {
  kind: "image" | "document";
  tokens: number;
  block: Json;
}

// ---------------------------------------------------------------------------------------------
// Base64 read at an offset: a byte range decodes from the 4-character groups that hold it, so reading a header
// never decodes the whole payload.

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Why: `length` bytes at `offset` of the data `b64` encodes; undefined if that part is not plain base64. */
export function base64Slice(b64: string, offset: number, length: number): Buffer | undefined {
  const from = Math.floor(offset / 3) * 4;
  const to = Math.ceil((offset + length) / 3) * 4;
  if (from >= b64.length) return undefined;
  const chunk = b64.slice(from, to);
  if (!B64.test(chunk) || (chunk.includes("=") && to < b64.length)) return undefined;
  const core = chunk.replace(/=+$/, "");
  if (core.length % 4 === 1) return undefined; // a lone character: not base64 (Python refuses it too)
  const bytes = Buffer.from(core, "base64");
  const skip = offset - (from / 4) * 3;
  return bytes.subarray(skip, skip + length);
}

/** Why: decoded size without decoding; undefined when the payload is not plain base64 (whitespace, URL-safe…). */
function base64Size(b64: string): number | undefined {
  if (b64.length % 4 === 1) return undefined;
  const pad = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
  return Math.floor((b64.length * 3) / 4) - pad;
}

// ---------------------------------------------------------------------------------------------
// Image sizes from headers: PNG, GIF, WebP (VP8, VP8L, VP8X) and JPEG (the first SOF marker). Never decodes pixels.

/** Why: [width, height] of a base64 image, or undefined when the header is not one we read. */
export function imageSize(b64: string): [number, number] | undefined {
  const head = base64Slice(b64, 0, HEADER_BYTES);
  if (!head || head.length < 10) return undefined;
  if (head.length >= 24 && head.readUInt32BE(0) === 0x89504e47 && head.toString("latin1", 12, 16) === "IHDR") {
    return positive(head.readUInt32BE(16), head.readUInt32BE(20));
  }
  if (head.toString("latin1", 0, 4) === "GIF8") return positive(head.readUInt16LE(6), head.readUInt16LE(8));
  if (head.length >= 30 && head.toString("latin1", 0, 4) === "RIFF" && head.toString("latin1", 8, 12) === "WEBP") {
    const chunk = head.toString("latin1", 12, 16);
    if (chunk === "VP8 " && head[23] === 0x9d && head[24] === 0x01 && head[25] === 0x2a) {
      return positive(head.readUInt16LE(26) & 0x3fff, head.readUInt16LE(28) & 0x3fff);
    }
    if (chunk === "VP8L" && head[20] === 0x2f) {
      const bits = head.readUInt32LE(21);
      return positive((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
    }
    if (chunk === "VP8X") return positive(head.readUIntLE(24, 3) + 1, head.readUIntLE(27, 3) + 1);
    return undefined;
  }
  if (head[0] === 0xff && head[1] === 0xd8) return jpegSize(b64);
  return undefined;
}

function positive(width: number, height: number): [number, number] | undefined {
  return width > 0 && height > 0 ? [width, height] : undefined;
}

/** Why: a JPEG's size is in its first SOF segment, after any APPn/COM/DQT segments (EXIF can be 64 KB): hop from
 * segment to segment by their lengths, reading 9 bytes per hop, at most JPEG_MAX_SEGMENTS hops. */
function jpegSize(b64: string): [number, number] | undefined {
  let at = 2;
  for (let hop = 0; hop < JPEG_MAX_SEGMENTS; hop++) {
    const seg = base64Slice(b64, at, 9);
    if (!seg || seg.length < 4 || seg[0] !== 0xff) return undefined;
    const marker = seg[1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // no length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image / start of scan: no SOF before it
    const sof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (sof) return seg.length >= 9 ? positive(seg.readUInt16BE(7), seg.readUInt16BE(5)) : undefined;
    at += 2 + seg.readUInt16BE(2);
  }
  return undefined;
}

/** Why: Anthropic's resize, then its price: long edge ≤ IMAGE_MAX_EDGE, at most IMAGE_MAX_TOKENS. Integer steps, so
 * the Python twin computes the same number. */
export function imageTokens(width: number, height: number): number {
  const long = Math.max(width, height);
  let w = width;
  let h = height;
  if (long > IMAGE_MAX_EDGE) {
    w = Math.max(1, Math.floor((width * IMAGE_MAX_EDGE) / long));
    h = Math.max(1, Math.floor((height * IMAGE_MAX_EDGE) / long));
  }
  return Math.min(IMAGE_MAX_TOKENS, Math.ceil((w * h) / PIXELS_PER_TOKEN));
}

// ---------------------------------------------------------------------------------------------
// PDF pages: page objects (`/Type /Page`, not `/Pages`) in the decoded bytes, read whole up to PDF_SCAN_BYTES and
// sampled beyond; by size when none is visible.

const PAGE_OBJECT = /\/Type[\0\t\n\f\r ]*\/Page(?![A-Za-z])/g;

function countPageObjects(bytes: Buffer): number {
  return bytes.toString("latin1").match(PAGE_OBJECT)?.length ?? 0;
}

/** Why: the page count of a base64 PDF, or undefined when it is not one. Reads at most PDF_SCAN_BYTES of it. */
export function pdfPages(b64: string): number | undefined {
  const size = base64Size(b64);
  const magic = base64Slice(b64, 0, 5);
  if (size === undefined || !magic || magic.toString("latin1") !== "%PDF-") return undefined;
  let found = 0;
  let scanned = 0;
  if (size <= PDF_SCAN_BYTES) {
    const all = base64Slice(b64, 0, size);
    if (!all) return undefined;
    found = countPageObjects(all);
    scanned = size;
  } else {
    const window = PDF_SCAN_BYTES / PDF_WINDOWS;
    for (let i = 0; i < PDF_WINDOWS; i++) {
      const part = base64Slice(b64, Math.floor((i * (size - window)) / (PDF_WINDOWS - 1)), window);
      if (!part) return undefined;
      found += countPageObjects(part);
      scanned += part.length;
    }
  }
  if (found === 0) return Math.max(1, Math.ceil(size / PDF_BYTES_PER_PAGE));
  return scanned >= size ? found : Math.ceil((found * size) / scanned);
}

// ---------------------------------------------------------------------------------------------
// Blocks: Anthropic `image` / `document`, OpenAI chat `image_url` / `file`, Responses `input_image` / `input_file`.

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Why: "data:<type>;base64,<payload>" → the payload; undefined for any other URL. */
function dataUrlPayload(url: unknown): string | undefined {
  if (typeof url !== "string" || !url.startsWith("data:")) return undefined;
  const comma = url.indexOf(",");
  return comma > 0 && url.slice(0, comma).endsWith(";base64") ? url.slice(comma + 1) : undefined;
}

function imageOf(b64: string | undefined): number {
  const size = b64 === undefined ? undefined : imageSize(b64);
  return size ? imageTokens(size[0], size[1]) : UNKNOWN_IMAGE_TOKENS;
}

function documentOf(b64: string | undefined): number {
  const pages = b64 === undefined ? undefined : pdfPages(b64);
  return (pages ?? UNKNOWN_DOCUMENT_PAGES) * TOKENS_PER_PDF_PAGE;
}

/** Why: one content block → its tokens and its stripped copy, or undefined when it is not media (text stays text). */
export function mediaBlock(block: unknown): Counted | undefined {
  if (!isObject(block)) return undefined;
  const type = block.type;
  if (type === "image" || type === "document") {
    const source = isObject(block.source) ? block.source : {};
    if (type === "document" && source.type !== "base64" && source.type !== "url" && source.type !== "file") return undefined; // text or content: counted as text
    const b64 = source.type === "base64" && typeof source.data === "string" ? source.data : undefined;
    const tokens = type === "image" ? imageOf(b64) : documentOf(b64);
    const stripped = b64 === undefined ? block : { ...block, source: { ...source, data: "" } };
    return { kind: type, tokens, block: stripped };
  }
  if (type === "image_url") {
    const inner = isObject(block.image_url) ? block.image_url : undefined;
    const url = inner ? inner.url : block.image_url;
    const b64 = dataUrlPayload(url);
    const stripped = b64 === undefined ? block : inner ? { ...block, image_url: { ...inner, url: "" } } : { ...block, image_url: "" };
    return { kind: "image", tokens: imageOf(b64), block: stripped };
  }
  if (type === "input_image") {
    const b64 = dataUrlPayload(block.image_url);
    return { kind: "image", tokens: imageOf(b64), block: b64 === undefined ? block : { ...block, image_url: "" } };
  }
  if (type === "file" || type === "input_file") {
    const holder = type === "file" ? (isObject(block.file) ? block.file : {}) : block;
    const b64 = dataUrlPayload(holder.file_data);
    const strippedHolder = b64 === undefined ? holder : { ...holder, file_data: "" };
    const stripped = b64 === undefined ? block : type === "file" ? { ...block, file: strippedHolder } : strippedHolder;
    return { kind: "document", tokens: documentOf(b64), block: stripped };
  }
  return undefined;
}

/** Why: the block types each API has (an Anthropic body never holds `image_url`, a chat body never `image`); the
 * walk counts only these, and a section whose JSON holds neither `"type":"<t>"` is not walked at all (two substring
 * scans instead of a walk: ~20 µs in CPython on the 76 KB Claude Code body). */
export const MEDIA_TYPES: Readonly<Record<string, readonly [image: string, document: string]>> = {
  messages: ["image", "document"],
  count_tokens: ["image", "document"],
  other: ["image", "document"],
  chat: ["image_url", "file"],
  responses: ["input_image", "input_file"],
};

/** Why: the cheap test before the walk: no media block of this call type can hide from it. */
export function mayHoldMedia(sectionJson: string, callType: string): boolean {
  const types = MEDIA_TYPES[callType];
  return types !== undefined && types.some((t) => sectionJson.includes(`"type":"${t}"`));
}

/** Why: walks a messages/input section (content lists, and tool_result contents inside them); returns the section
 * with every media payload replaced by "" (the original is untouched) and the media summary, or undefined if none. */
export function stripMedia(section: unknown, callType: string): { section: unknown; media: MediaSummary } | undefined {
  const types = MEDIA_TYPES[callType];
  if (!types || !Array.isArray(section)) return undefined;
  const media: MediaSummary = { images: 0, documents: 0, tokens: 0 };
  const blocks = (content: unknown[], depth: number): unknown[] | undefined => {
    let out: unknown[] | undefined;
    content.forEach((block, i) => {
      let replaced: unknown;
      const counted = isObject(block) && types.includes(block.type as string) ? mediaBlock(block) : undefined;
      if (counted) {
        media[counted.kind === "image" ? "images" : "documents"]++;
        media.tokens += counted.tokens;
        if (counted.block !== block) replaced = counted.block;
      } else if (depth === 0 && isObject(block) && block.type === "tool_result" && Array.isArray(block.content)) {
        const inner = blocks(block.content, 1);
        if (inner) replaced = { ...block, content: inner };
      }
      if (replaced !== undefined) (out ??= [...content])[i] = replaced;
    });
    return out;
  };
  let out: unknown[] | undefined;
  section.forEach((message, i) => {
    if (!isObject(message) || !Array.isArray(message.content)) return;
    const content = blocks(message.content, 0);
    if (content) (out ??= [...section])[i] = { ...message, content };
  });
  return media.images + media.documents > 0 ? { section: out ?? section, media } : undefined;
}
