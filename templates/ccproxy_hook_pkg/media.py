"""Images and documents, counted as Anthropic bills them instead of as base64 text.

docs/hook-protocol.md, "Media", states the rules. The twin of src/routing/media.ts; the shared vectors in
test/fixtures/summary-vectors.json keep the two identical. summary.section_json uses `with_media`.
"""

import base64
import re
import struct
from typing import Any, Optional

from .json_bytes import compact_json


IMAGE_MAX_EDGE = 1568  # Anthropic scales an image until its long edge is <= 1568 px and it costs <= ~1,600 tokens
IMAGE_MAX_TOKENS = 1600
PIXELS_PER_TOKEN = 750  # ...then bills width * height / 750 tokens
UNKNOWN_IMAGE_TOKENS = IMAGE_MAX_TOKENS  # a URL, a file id, a header we cannot read
TOKENS_PER_PDF_PAGE = 2400  # Anthropic: ~1,500-3,000 per page (text plus the page as an image)
PDF_SCAN_BYTES = 256 * 1024  # read whole up to this, else in 8 windows spread over the PDF
PDF_WINDOWS = 8
PDF_BYTES_PER_PAGE = 50_000  # when no page object is visible (object streams)
UNKNOWN_DOCUMENT_PAGES = 10
# Each API's own (image, document) block types; a section whose JSON has neither `"type":"<t>"` is not walked
# (one regex scan: ~17 us on the 76 KB Claude Code body, against ~45 us for a walk or ~21 us for two `in`).
_ANTHROPIC_MEDIA = ("image", "document")
MEDIA_TYPES = {"messages": _ANTHROPIC_MEDIA, "count_tokens": _ANTHROPIC_MEDIA, "other": _ANTHROPIC_MEDIA,
               "chat": ("image_url", "file"), "responses": ("input_image", "input_file")}
_MEDIA_MARKER = {call_type: re.compile(b'"type":"(?:%s|%s)"' % (types[0].encode(), types[1].encode()))
                 for call_type, types in MEDIA_TYPES.items()}
_B64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_PAGE_OBJECT = re.compile(rb"/Type[\x00\t\n\f\r ]*/Page(?![A-Za-z])")


class Sections(tuple):
    """(system, messages, tools) compact JSON, plus `media` ({images, documents, tokens}) when there is any."""

    media = None


def with_media(sections: Sections, messages: Any, call_type: str) -> Sections:
    """The sections with media payloads as "", when the messages section has any media (a cheap byte test first).

    `messages` is the body's messages (or input) section whose compact JSON is sections[1].
    """
    marker = _MEDIA_MARKER.get(call_type)
    if marker is None or marker.search(sections[1]) is None:
        return sections
    found = strip_media(messages, call_type)
    if found is None:
        return sections
    out = Sections((sections[0], compact_json(found[0]), sections[2]))
    out.media = found[1]
    return out


def strip_media(section: Any, call_type: str) -> Optional[tuple]:
    """(section with every media payload "", {images, documents, tokens}) or None; the body is never changed."""
    types = MEDIA_TYPES.get(call_type)
    if types is None or not isinstance(section, list):
        return None
    media = {"images": 0, "documents": 0, "tokens": 0}

    def blocks(content: list, depth: int) -> Optional[list]:
        out = None
        for i, block in enumerate(content):
            replaced = None
            counted = media_block(block) if isinstance(block, dict) and block.get("type") in types else None
            if counted is not None:
                media["images" if counted[0] == "image" else "documents"] += 1
                media["tokens"] += counted[1]
                if counted[2] is not block:
                    replaced = counted[2]
            elif depth == 0 and isinstance(block, dict) and block.get("type") == "tool_result" and isinstance(block.get("content"), list):
                inner = blocks(block["content"], 1)
                if inner is not None:
                    replaced = dict(block, content=inner)
            if replaced is not None:
                if out is None:
                    out = list(content)
                out[i] = replaced
        return out

    out = None
    for i, message in enumerate(section):
        if not isinstance(message, dict) or not isinstance(message.get("content"), list):
            continue
        content = blocks(message["content"], 0)
        if content is not None:
            if out is None:
                out = list(section)
            out[i] = dict(message, content=content)
    if media["images"] + media["documents"] == 0:
        return None
    return (section if out is None else out), media


def media_block(block: Any) -> Optional[tuple]:
    """One content block -> (kind, tokens, block with its payload ""), or None when it is not media."""
    if not isinstance(block, dict):
        return None
    kind = block.get("type")
    if kind in ("image", "document"):
        source = block.get("source") if isinstance(block.get("source"), dict) else {}
        if kind == "document" and source.get("type") not in ("base64", "url", "file"):
            return None  # a text or content document: counted as text
        b64 = source.get("data") if source.get("type") == "base64" and isinstance(source.get("data"), str) else None
        tokens = _image_of(b64) if kind == "image" else _document_of(b64)
        return kind, tokens, (block if b64 is None else dict(block, source=dict(source, data="")))
    if kind == "image_url":
        inner = block.get("image_url") if isinstance(block.get("image_url"), dict) else None
        b64 = _data_url_payload(inner.get("url") if inner is not None else block.get("image_url"))
        if b64 is None:
            stripped = block
        else:
            stripped = dict(block, image_url=dict(inner, url="")) if inner is not None else dict(block, image_url="")
        return "image", _image_of(b64), stripped
    if kind == "input_image":
        b64 = _data_url_payload(block.get("image_url"))
        return "image", _image_of(b64), (block if b64 is None else dict(block, image_url=""))
    if kind in ("file", "input_file"):
        holder = (block.get("file") if isinstance(block.get("file"), dict) else {}) if kind == "file" else block
        b64 = _data_url_payload(holder.get("file_data"))
        if b64 is None:
            stripped = block
        else:
            stripped = dict(block, file=dict(holder, file_data="")) if kind == "file" else dict(holder, file_data="")
        return "document", _document_of(b64), stripped
    return None


def _data_url_payload(url: Any) -> Optional[str]:
    if not isinstance(url, str) or not url.startswith("data:"):
        return None
    comma = url.find(",")
    return url[comma + 1 :] if comma > 0 and url[:comma].endswith(";base64") else None


def _image_of(b64: Optional[str]) -> int:
    size = None if b64 is None else image_size(b64)
    return UNKNOWN_IMAGE_TOKENS if size is None else image_tokens(*size)


def _document_of(b64: Optional[str]) -> int:
    pages = None if b64 is None else pdf_pages(b64)
    return (UNKNOWN_DOCUMENT_PAGES if pages is None else pages) * TOKENS_PER_PDF_PAGE


def base64_slice(b64: str, offset: int, length: int) -> Optional[bytes]:
    """`length` bytes at `offset` of what `b64` encodes, decoding only the 4-character groups that hold them."""
    start, end = offset // 3 * 4, -(-(offset + length) // 3) * 4
    if start >= len(b64):
        return None
    chunk = b64[start:end]
    if not _B64.fullmatch(chunk) or ("=" in chunk and end < len(b64)):
        return None
    core = chunk.rstrip("=")
    if len(core) % 4 == 1:
        return None
    data = base64.b64decode(core + "=" * (-len(core) % 4))
    skip = offset - start // 4 * 3
    return data[skip : skip + length]


def image_size(b64: str) -> Optional[tuple]:
    """(width, height) from a PNG, GIF, WebP or JPEG header; never decodes the pixels."""
    head = base64_slice(b64, 0, 32)
    if head is None or len(head) < 10:
        return None
    if len(head) >= 24 and head[:4] == b"\x89PNG" and head[12:16] == b"IHDR":
        return _dims(*struct.unpack(">II", head[16:24]))
    if head[:4] == b"GIF8":
        return _dims(*struct.unpack("<HH", head[6:10]))
    if len(head) >= 30 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        chunk = head[12:16]
        if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
            width, height = struct.unpack("<HH", head[26:30])
            return _dims(width & 0x3FFF, height & 0x3FFF)
        if chunk == b"VP8L" and head[20] == 0x2F:
            bits = struct.unpack("<I", head[21:25])[0]
            return _dims((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        if chunk == b"VP8X":
            return _dims(int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1)
        return None
    if head[0] == 0xFF and head[1] == 0xD8:
        return _jpeg_size(b64)
    return None


def _dims(width: int, height: int) -> Optional[tuple]:
    return (width, height) if width > 0 and height > 0 else None


def _jpeg_size(b64: str) -> Optional[tuple]:
    """The first SOF segment's size, hopping segment lengths (9 bytes read per hop, at most 64 hops)."""
    at = 2
    for _ in range(64):
        seg = base64_slice(b64, at, 9)
        if seg is None or len(seg) < 4 or seg[0] != 0xFF:
            return None
        marker = seg[1]
        if marker == 0xFF:
            at += 1
        elif marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            at += 2
        elif marker in (0xD9, 0xDA):
            return None
        elif 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return _dims(*struct.unpack(">HH", seg[7:9] + seg[5:7])) if len(seg) >= 9 else None
        else:
            at += 2 + struct.unpack(">H", seg[2:4])[0]
    return None


def image_tokens(width: int, height: int) -> int:
    """Anthropic's resize (long edge <= 1568 px), then ceil(w * h / 750), at most 1,600."""
    long_edge = max(width, height)
    if long_edge > IMAGE_MAX_EDGE:
        width, height = max(1, width * IMAGE_MAX_EDGE // long_edge), max(1, height * IMAGE_MAX_EDGE // long_edge)
    return min(IMAGE_MAX_TOKENS, -(-(width * height) // PIXELS_PER_TOKEN))


def pdf_pages(b64: str) -> Optional[int]:
    """Page objects in a base64 PDF (whole up to 256 KiB, else 8 windows, scaled); by size when none shows."""
    if len(b64) % 4 == 1 or base64_slice(b64, 0, 5) != b"%PDF-":
        return None
    size = len(b64) * 3 // 4 - (2 if b64.endswith("==") else 1 if b64.endswith("=") else 0)
    found = scanned = 0
    if size <= PDF_SCAN_BYTES:
        data = base64_slice(b64, 0, size)
        if data is None:
            return None
        found, scanned = len(_PAGE_OBJECT.findall(data)), size
    else:
        window = PDF_SCAN_BYTES // PDF_WINDOWS
        for i in range(PDF_WINDOWS):
            part = base64_slice(b64, i * (size - window) // (PDF_WINDOWS - 1), window)
            if part is None:
                return None
            found += len(_PAGE_OBJECT.findall(part))
            scanned += len(part)
    if found == 0:
        return max(1, -(-size // PDF_BYTES_PER_PAGE))
    return found if scanned >= size else -(-(found * size) // scanned)
