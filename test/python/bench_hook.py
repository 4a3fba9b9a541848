"""Hot-path costs of the hook (not a test; run by hand):

    ~/.cache/ccproxy/litellm-<version>/bin/python test/python/bench_hook.py

1. building the summary of a ~76 KB Claude Code body (orjson, and the stdlib fallback);
2. one round trip to a trivial HTTP server over a Unix socket, through the hook's pooled client;
3. the whole async_pre_call_hook (summary + round trip + apply) for the same body;
4. recording a request's usage: build_record from LiteLLM's logging kwargs + the enqueue (what the success
   event does on LiteLLM's loop), and shipping a batch of 100 records (once per burst, off the request path).
The server is a bare asyncio protocol in a child process, so its cost stays out of our numbers.
"""

import asyncio
import copy
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import conftest  # noqa: E402, F401  (puts templates/ on sys.path, as the shim does inside LiteLLM)
from bodies import claude_code_body  # noqa: E402
from ccproxy_hook_pkg import summary  # noqa: E402
from ccproxy_hook_pkg.handler import CCProxyHandler  # noqa: E402
from ccproxy_hook_pkg.json_bytes import _stdlib_compact_json, compact_json  # noqa: E402
from ccproxy_hook_pkg.settings import Settings  # noqa: E402

SERVER = r'''
import asyncio, sys
ANSWER = b'{"v":1,"label":"default","model":"anthropic/claude-sonnet-4-5","alias":"ccproxy-default","rule":null,"reason":"no rule matched"}'
RESPONSE = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s" % (len(ANSWER), ANSWER)

class Route(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport, self.buffer = transport, b""
    def data_received(self, data):
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, rest = self.buffer.split(b"\r\n\r\n", 1)
            length = int([l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")][0])
            if len(rest) < length:
                return
            self.buffer = rest[length:]
            self.transport.write(RESPONSE)

async def main():
    server = await asyncio.get_running_loop().create_unix_server(Route, sys.argv[1])
    print("ready", flush=True)
    await server.serve_forever()
asyncio.run(main())
'''


def per_call_us(samples_ns):
    samples = sorted(samples_ns)
    pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))] / 1000
    return "p50 %.1f µs, p99 %.1f µs, mean %.1f µs" % (pick(0.5), pick(0.99), statistics.fmean(samples) / 1000)


def bench_summary(body, iterations=2000):
    size = len(compact_json(body))
    for label, encode in (("orjson", compact_json), ("json fallback", _stdlib_compact_json)):
        summary.compact_json = encode  # the encoder section_json uses
        try:
            samples = []
            for _ in range(iterations):
                start = time.perf_counter_ns()
                summary.build_summary(body, "messages", summary.section_json(body, "messages"))
                samples.append(time.perf_counter_ns() - start)
        finally:
            summary.compact_json = compact_json
        print("summary of a %.1f KB body, %s: %s" % (size / 1024, label, per_call_us(samples[100:])))


async def bench_round_trip(socket_path, body, iterations=3000):
    handler = CCProxyHandler(Settings(socket=socket_path, timeout_ms=1000))
    small = {"v": 1, "call_type": "messages", "model": "m", "bytes": {"system": 0, "messages": 0, "tools": 0}}
    samples = []
    for _ in range(iterations):
        start = time.perf_counter_ns()
        await handler.client.decide(small, (b"", b"", b""))
        samples.append(time.perf_counter_ns() - start)
    print("round trip over the Unix socket (pooled keep-alive stream client): %s" % per_call_us(samples[200:]))
    samples = []
    for _ in range(iterations // 3):
        data = copy.copy(body)
        data["litellm_metadata"] = {}
        start = time.perf_counter_ns()
        await handler.async_pre_call_hook(None, None, data, "anthropic_messages")
        samples.append(time.perf_counter_ns() - start)
    print("whole async_pre_call_hook, 76 KB body: %s" % per_call_us(samples[50:]))
    await handler.client.aclose()


def bench_usage_record(iterations=20000):
    from test_usage import kwargs_for  # the recorded shape of LiteLLM's logging kwargs
    from ccproxy_hook_pkg.usage_record import build_record
    from ccproxy_hook_pkg.usage_shipper import UsageShipper

    class Sink:
        async def send_events(self, body, timeout_s):
            pass

    async def run():
        shipper = UsageShipper(Sink(), flush_delay_s=3600)
        kwargs = kwargs_for(stream=True, headers={"x-claude-code-session-id": "0b6f5d1e-aaaa-bbbb-cccc-123456789abc"})
        samples = []
        for _ in range(iterations):
            start = time.perf_counter_ns()
            shipper.add(build_record(kwargs, ok=True))
            samples.append(time.perf_counter_ns() - start)
        print("usage record + enqueue (success event): %s" % per_call_us(samples[1000:]))
        shipper._timer.cancel()
        batches = []
        for _ in range(200):
            shipper.queue.extend(build_record(kwargs, ok=True) for _ in range(100))
            start = time.perf_counter_ns()
            await shipper.flush()
            batches.append(time.perf_counter_ns() - start)
        print("shipping a batch of 100 records (JSON + send, no I/O): %s per batch" % per_call_us(batches[20:]))

    asyncio.run(run())


def bench_step_times(iterations=50000):
    """What item 2 of issue 15 costs per request: five histogram records and the shipper's timer check."""
    from types import SimpleNamespace
    from ccproxy_hook_pkg.handler import CCProxyHandler
    from ccproxy_hook_pkg.timing import StepTimes
    from ccproxy_hook_pkg.usage_shipper import UsageShipper

    class Sink:
        async def send_events(self, body, timeout_s):
            pass

    async def run():
        times = StepTimes()
        shim = SimpleNamespace(times=times, shipper=UsageShipper(Sink(), times, flush_delay_s=3600))
        decision = {"decide_us": 3.1}
        samples = []
        for i in range(iterations):
            now = time.perf_counter_ns()
            start = time.perf_counter_ns()
            CCProxyHandler.record_times(shim, now - 90_000 - (i % 997) * 300, now - 700_000, now - 12_000, decision)
            samples.append(time.perf_counter_ns() - start)
        print("step times: record 5 steps + schedule the shipment: %s per request" % per_call_us(samples[1000:]))
        takes = []
        for _ in range(2000):
            for step in ("hook", "summary", "round_trip", "apply", "decide"):
                for v in (90, 700, 820, 12, 3):
                    times.record_us(step, v)
            start = time.perf_counter_ns()
            times.take()
            takes.append(time.perf_counter_ns() - start)
        print("step times: take() of a batch (5 steps x 5 buckets): %s per batch" % per_call_us(takes[100:]))
        shim.shipper._timer.cancel()

    asyncio.run(run())


def main():
    body = claude_code_body(76)
    bench_step_times()
    bench_usage_record()
    bench_summary(body)
    with tempfile.TemporaryDirectory(prefix="cch-bench-", dir="/tmp") as d:
        path = os.path.join(d, "hook.sock")
        server = subprocess.Popen([sys.executable, "-c", SERVER, path], stdout=subprocess.PIPE, text=True)
        try:
            server.stdout.readline()
            asyncio.run(bench_round_trip(path, body))
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
