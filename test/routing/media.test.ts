// Images and documents counted as Anthropic bills them, from real files of known size (test/fixtures/media-files.ts).
import { describe, expect, it } from "vitest";
import { FIXTURE_IMAGES, fixtureBase64, pdf, png } from "../fixtures/media-files.js";
import { loadConfigText } from "../../src/config/load.js";
import { decide, explain } from "../../src/routing/decide.js";
import {
  base64Slice, imageSize, imageTokens, mediaBlock, pdfPages, stripMedia, TOKENS_PER_PDF_PAGE, UNKNOWN_DOCUMENT_PAGES, UNKNOWN_IMAGE_TOKENS,
} from "../../src/routing/media.js";
import { summarize } from "../../src/routing/summary.js";

const image = (data: string, media_type = "image/png") => ({ type: "image", source: { type: "base64", media_type, data } });
const pdfBlock = (data: string) => ({ type: "document", source: { type: "base64", media_type: "application/pdf", data } });

describe("image sizes from headers", () => {
  it.each(Object.entries(FIXTURE_IMAGES))("%s is %j", (name, size) => {
    expect(imageSize(fixtureBase64(name))).toEqual(size);
  });

  it("reads PNGs of any size made here", () => {
    for (const [w, h] of [[1, 1], [17, 3000], [4000, 2]] as const) expect(imageSize(png(w, h).toString("base64"))).toEqual([w, h]);
  });

  it("gives up on what it cannot read: not an image, not base64, truncated", () => {
    expect(imageSize(Buffer.from("hello, world, not an image").toString("base64"))).toBeUndefined();
    expect(imageSize("iVBORw0KGgo AAAANSUhEUgAA")).toBeUndefined(); // whitespace inside the header
    expect(imageSize(fixtureBase64("png-300x200.png").slice(0, 20))).toBeUndefined();
    const jpeg = fixtureBase64("jpeg-progressive-1000x750.jpg");
    expect(imageSize(jpeg.slice(0, 1000))).toBeUndefined(); // the SOF lies beyond the 30 KB comment
  });

  it("reads a byte range from the base64 groups that hold it", () => {
    const bytes = Buffer.from(Array.from({ length: 200 }, (_, i) => i));
    const b64 = bytes.toString("base64");
    for (const [offset, length] of [[0, 5], [1, 7], [2, 9], [100, 33], [190, 20]] as const) {
      expect(base64Slice(b64, offset, length)).toEqual(bytes.subarray(offset, offset + length));
    }
    expect(base64Slice(b64, 300, 4)).toBeUndefined();
  });
});

describe("image tokens (Anthropic: long edge ≤ 1568 px, ≤ ~1,600 tokens, width × height / 750)", () => {
  it.each([
    [200, 200, 54], [1000, 1000, 1334], [1092, 1092, 1590], [300, 200, 80], [1, 1, 1],
    [2560, 1600, 1600], [100, 3000, 109], [1568, 400, 837],
  ])("%i × %i → %i", (w, h, tokens) => {
    expect(imageTokens(w, h)).toBe(tokens);
  });
});

describe("PDF pages", () => {
  it("counts page objects, not the page tree", () => {
    for (const n of [1, 3, 12]) expect(pdfPages(pdf(n).toString("base64"))).toBe(n);
  });

  it("samples a big PDF in windows and scales the count up", () => {
    const big = pdf(40, { contentBytes: 20_000 });
    expect(big.length).toBeGreaterThan(700_000);
    const pages = pdfPages(big.toString("base64"))!;
    expect(pages).toBeGreaterThanOrEqual(30);
    expect(pages).toBeLessThanOrEqual(50);
  });

  it("falls back to the size when page objects are compressed away", () => {
    const hidden = pdf(5, { objectStream: true, contentBytes: 30_000 });
    expect(hidden.toString("latin1")).not.toMatch(/\/Type\s*\/Page\b/);
    expect(pdfPages(hidden.toString("base64"))).toBe(Math.ceil(hidden.length / 50_000));
  });

  it("is not a PDF without the %PDF- header", () => {
    expect(pdfPages(Buffer.from("just text").toString("base64"))).toBeUndefined();
  });
});

describe("media blocks", () => {
  const b64 = fixtureBase64("png-300x200.png");

  it("counts Anthropic image and document blocks and strips their payload", () => {
    expect(mediaBlock(image(b64))).toEqual({ kind: "image", tokens: 80, block: image("") });
    expect(mediaBlock({ type: "image", source: { type: "url", url: "https://x/y.png" } })).toMatchObject({ tokens: UNKNOWN_IMAGE_TOKENS });
    expect(mediaBlock(pdfBlock(pdf(3).toString("base64")))).toEqual({ kind: "document", tokens: 3 * TOKENS_PER_PDF_PAGE, block: pdfBlock("") });
    expect(mediaBlock({ type: "document", source: { type: "file", file_id: "file_1" } })).toMatchObject({ tokens: UNKNOWN_DOCUMENT_PAGES * TOKENS_PER_PDF_PAGE });
    // A plain-text document is text.
    expect(mediaBlock({ type: "document", source: { type: "text", media_type: "text/plain", data: "hello" } })).toBeUndefined();
    expect(mediaBlock({ type: "text", text: b64 })).toBeUndefined();
  });

  it("counts OpenAI chat and Responses image and file parts with data: URLs", () => {
    const url = `data:image/png;base64,${b64}`;
    expect(mediaBlock({ type: "image_url", image_url: { url, detail: "high" } })).toEqual({ kind: "image", tokens: 80, block: { type: "image_url", image_url: { url: "", detail: "high" } } });
    expect(mediaBlock({ type: "image_url", image_url: url })).toMatchObject({ tokens: 80, block: { image_url: "" } });
    expect(mediaBlock({ type: "image_url", image_url: { url: "https://x/y.png" } })).toMatchObject({ tokens: UNKNOWN_IMAGE_TOKENS, block: { image_url: { url: "https://x/y.png" } } });
    expect(mediaBlock({ type: "input_image", image_url: url })).toMatchObject({ tokens: 80, block: { image_url: "" } });
    const file = `data:application/pdf;base64,${pdf(2).toString("base64")}`;
    expect(mediaBlock({ type: "file", file: { filename: "a.pdf", file_data: file } })).toEqual({ kind: "document", tokens: 2 * TOKENS_PER_PDF_PAGE, block: { type: "file", file: { filename: "a.pdf", file_data: "" } } });
    expect(mediaBlock({ type: "input_file", file_data: file })).toMatchObject({ tokens: 2 * TOKENS_PER_PDF_PAGE, block: { file_data: "" } });
  });

  it("walks messages and tool results, copies what it changes and leaves the body alone", () => {
    const messages = [
      { role: "user", content: [{ type: "text", text: "what is this?" }, image(b64)] },
      { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "Read", input: { file_path: "/a.png" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: [image(fixtureBase64("gif-120x80.gif"), "image/gif")] }] },
      { role: "user", content: "plain" },
    ];
    const before = JSON.stringify(messages);
    const found = stripMedia(messages, "messages")!;
    expect(found.media).toEqual({ images: 2, documents: 0, tokens: 80 + 13 });
    expect(JSON.stringify(found.section)).not.toContain(b64.slice(0, 40));
    expect((found.section as unknown[])[1]).toBe(messages[1]);
    expect(JSON.stringify(messages)).toBe(before);
    expect(stripMedia([{ role: "user", content: [{ type: "text", text: b64 }] }], "messages")).toBeUndefined();
    // Each API's own block types only: an image_url part in an Anthropic body is not Anthropic's.
    expect(stripMedia([{ role: "user", content: [{ type: "image_url", image_url: "data:image/png;base64," + b64 }] }], "messages")).toBeUndefined();
    expect(stripMedia([{ role: "user", content: [image(b64)] }], "chat")).toBeUndefined();
    expect(stripMedia([{ role: "user", content: [image(b64)] }], "embedding")).toBeUndefined();
  });
});

describe("a pasted screenshot (issue 16 item 5)", () => {
  // ~600 KB of PNG: what a 2560 × 1600 screenshot weighs; base64 makes it ~800 KB of JSON.
  const screenshot = png(2560, 1600, 600_000).toString("base64");
  const body = { model: "claude-sonnet-5-5", max_tokens: 32000, messages: [{ role: "user", content: [image(screenshot), { type: "text", text: "why is this red?" }] }] };

  it("counts 1,600 tokens, and its payload no bytes", () => {
    expect(screenshot.length).toBeGreaterThan(750_000);
    const s = summarize(body, "messages", { text: true });
    expect(s.media).toEqual({ images: 1, documents: 0, tokens: 1600 });
    expect(s.bytes.messages).toBeLessThan(300);
    expect(s.text!.messages).not.toContain(screenshot.slice(0, 100));
  });

  it("no longer routes the request to long_context", async () => {
    const loaded = await loadConfigText(
      "version: 1\ntargets: { default: { model: a/b }, long_context: { model: a/c } }\nrules: [ { name: long-context, kind: tokens, above: 120000, to: long_context } ]\n",
      "/tmp/x.yaml",
    );
    expect(decide(summarize(body, "messages"), loaded)).toMatchObject({ label: "default" });
    // As text, the same bytes estimated ~228k tokens:
    expect(Math.round(JSON.stringify(body.messages).length / 3.5)).toBeGreaterThan(200_000);
    const big = { ...body, messages: [...body.messages, { role: "user", content: "x".repeat(420_000) }] };
    expect(decide(summarize(big, "messages"), loaded)).toEqual({ need: "text" });
    expect(explain(summarize(big, "messages", { text: true }), loaded).verdicts[0]!.reason).toMatch(/^[\d,]+ counted tokens \(incl\. 1,600 for 1 image\) ≤ 120,000$/);
  });
});
