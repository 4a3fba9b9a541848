"""Images and documents counted as Anthropic bills them, from real files of known size (issue 16 item 5).

Fixture images in test/fixtures/media were made with ImageMagick / libwebp; png() and pdf() below write real
PNG and PDF bytes of any size. The TypeScript twin is src/routing/media.test.ts.
"""

import base64
import copy
import json
import os
import random
import struct
import zlib

import pytest
from litellm.proxy._types import UserAPIKeyAuth

from ccproxy_hook_pkg import media
from ccproxy_hook_pkg.summary import build_summary, section_json

from conftest import DECISION, ROOT

MEDIA = os.path.join(ROOT, "test", "fixtures", "media")
FIXTURES = {
    "png-300x200.png": (300, 200),
    "png-2560x1600.png": (2560, 1600),
    "jpeg-640x480.jpg": (640, 480),
    "jpeg-progressive-1000x750.jpg": (1000, 750),  # SOF2 after a 30 KB COM segment
    "gif-120x80.gif": (120, 80),
    "webp-lossy-800x600.webp": (800, 600),
    "webp-lossless-256x128.webp": (256, 128),
    "webp-alpha-400x300.webp": (400, 300),
}


def fixture_b64(name: str) -> str:
    with open(os.path.join(MEDIA, name), "rb") as f:
        return base64.b64encode(f.read()).decode()


def png(width: int, height: int, noise_bytes: int = 0) -> bytes:
    """A real 8-bit RGB PNG; `noise_bytes` of random pixels make the file about that big."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = 1 + width * 3
    raw = bytearray(row * height)
    rng = random.Random(1)
    for i in range(min(noise_bytes, len(raw))):
        if i % row:
            raw[i] = rng.randrange(256)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(raw))) + chunk(b"IEND", b"")


def pdf(pages: int, content_bytes: int = 0) -> bytes:
    """A real minimal PDF: catalog, page tree, `pages` pages each with a content stream, xref."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join("%d 0 R" % (3 + i * 2) for i in range(pages))
    objects.append("<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages))
    for i in range(pages):
        objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R >>" % (4 + i * 2))
        content = "%% page %d\n" % (i + 1) + "0 0 m 10 10 l S\n" * -(-content_bytes // 16)
        objects.append("<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    out, offsets = "%PDF-1.5\n", []
    for i, obj in enumerate(objects):
        offsets.append(len(out))
        out += "%d 0 obj\n%s\nendobj\n" % (i + 1, obj)
    xref = len(out)
    out += "xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + "".join("%010d 00000 n \n" % o for o in offsets)
    out += "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out.encode("latin-1")


def image_block(data: str, media_type: str = "image/png") -> dict:
    return {"type": "image", "source": {"type": "base64", "media_type": media_type, "data": data}}


@pytest.mark.parametrize("name, size", sorted(FIXTURES.items()))
def test_image_size_from_the_header(name, size):
    assert media.image_size(fixture_b64(name)) == size


@pytest.mark.parametrize("size", [(1, 1), (17, 3000), (4000, 2)])
def test_image_size_of_pngs_made_here(size):
    assert media.image_size(base64.b64encode(png(*size)).decode()) == size


def test_image_size_gives_up_on_what_it_cannot_read():
    assert media.image_size(base64.b64encode(b"hello, world, not an image").decode()) is None
    assert media.image_size("iVBORw0KGgo AAAANSUhEUgAA") is None  # whitespace inside the header
    assert media.image_size(fixture_b64("png-300x200.png")[:20]) is None
    assert media.image_size(fixture_b64("jpeg-progressive-1000x750.jpg")[:1000]) is None  # SOF beyond the comment


def test_base64_slice_reads_only_the_groups_it_needs():
    data = bytes(range(200))
    b64 = base64.b64encode(data).decode()
    for offset, length in [(0, 5), (1, 7), (2, 9), (100, 33), (190, 20)]:
        assert media.base64_slice(b64, offset, length) == data[offset : offset + length]
    assert media.base64_slice(b64, 300, 4) is None


@pytest.mark.parametrize(
    "width, height, tokens",
    [(200, 200, 54), (1000, 1000, 1334), (1092, 1092, 1590), (300, 200, 80), (1, 1, 1), (2560, 1600, 1600), (100, 3000, 109), (1568, 400, 837)],
)
def test_image_tokens_follow_anthropics_rule(width, height, tokens):
    assert media.image_tokens(width, height) == tokens


def test_pdf_pages_counts_page_objects_and_samples_big_ones():
    for n in (1, 3, 12):
        assert media.pdf_pages(base64.b64encode(pdf(n)).decode()) == n
    big = pdf(40, content_bytes=20_000)
    assert len(big) > 700_000
    assert 30 <= media.pdf_pages(base64.b64encode(big).decode()) <= 50
    assert media.pdf_pages(base64.b64encode(b"just text").decode()) is None


def test_blocks_of_every_shape():
    b64 = fixture_b64("png-300x200.png")
    assert media.media_block(image_block(b64)) == ("image", 80, image_block(""))
    assert media.media_block({"type": "image", "source": {"type": "url", "url": "https://x/y.png"}})[1] == 1600
    assert media.media_block({"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "hi"}}) is None
    assert media.media_block({"type": "text", "text": b64}) is None
    url = "data:image/png;base64," + b64
    assert media.media_block({"type": "image_url", "image_url": {"url": url, "detail": "low"}}) == (
        "image", 80, {"type": "image_url", "image_url": {"url": "", "detail": "low"}})
    assert media.media_block({"type": "input_image", "image_url": url})[:2] == ("image", 80)
    file_url = "data:application/pdf;base64," + base64.b64encode(pdf(2)).decode()
    assert media.media_block({"type": "file", "file": {"file_data": file_url}}) == ("document", 4800, {"type": "file", "file": {"file_data": ""}})
    assert media.media_block({"type": "input_file", "file_data": file_url})[1] == 4800


SCREENSHOT = base64.b64encode(png(2560, 1600, noise_bytes=600_000)).decode()


def screenshot_body() -> dict:
    return {
        "model": "claude-sonnet-5-5",
        "max_tokens": 32000,
        "messages": [
            {"role": "user", "content": [image_block(SCREENSHOT), {"type": "text", "text": "why is this red?"}]},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "Read", "input": {"file_path": "/a.gif"}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": [image_block(fixture_b64("gif-120x80.gif"), "image/gif")]}]},
        ],
    }


def test_a_pasted_screenshot_counts_1600_tokens_and_its_payload_no_bytes():
    assert len(SCREENSHOT) > 750_000
    body = screenshot_body()
    before = copy.deepcopy(body)
    sections = section_json(body, "messages")
    summary = build_summary(body, "messages", sections)
    assert summary["media"] == {"images": 2, "documents": 0, "tokens": 1600 + 13}
    assert summary["bytes"]["messages"] < 600
    assert SCREENSHOT[:100].encode() not in sections[1]
    assert body == before  # LiteLLM forwards this dict: never changed


async def test_the_hook_sends_media_counts_and_never_the_payload(server, make_handler):
    answers = iter([(200, {"v": 1, "need": "text"}), (200, DECISION)])
    server.respond = lambda raw: next(answers)
    data = screenshot_body()
    await make_handler().async_pre_call_hook(UserAPIKeyAuth(api_key="k"), None, data, "anthropic_messages")
    first, second = (json.loads(raw) for raw in server.received)
    assert first["media"] == second["media"] == {"images": 2, "documents": 0, "tokens": 1613}
    assert all(len(raw) < 5000 for raw in server.received)
    assert json.loads(second["text"]["messages"])[0]["content"][0]["source"]["data"] == ""
    assert data["messages"][0]["content"][0]["source"]["data"] == SCREENSHOT
