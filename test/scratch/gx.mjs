// Experiment: LiteLLM under gunicorn; does SIGHUP reload config.yaml (new model_list) without dropping requests?
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
const repo = "/work/wt-resilience/";
const { createMockProvider } = await import(repo + "dist/mock-provider/server.js");
const { syncConfigDir } = await import(repo + "dist/init/sync.js");
const { freePort } = await import(repo + "dist/process/free-port.js");
const { litellmEnvFor } = await import(repo + "dist/process/litellm-env.js").catch(() => ({}));
const mock = await createMockProvider({ latencyMs: 40 });
const dir = mkdtempSync("/tmp/ccp-gx-");
const doc = parse(readFileSync(repo + "templates/ccproxy.yaml", "utf8"));
for (const t of Object.values(doc.targets)) { t.api_base = mock.url; t.api_key = "os.environ/MOCK_KEY"; }
writeFileSync(join(dir, "ccproxy.yaml"), stringify(doc));
await syncConfigDir(dir);
const key = readFileSync(join(dir, "master.key"), "utf8").trim();
const hook = spawn(process.execPath, [repo + "bin/ccproxy", "hook-server", "--config-dir", dir], { stdio: "ignore" });
const port = await freePort();
const env = { PATH: process.env.PATH, HOME: process.env.HOME, MOCK_KEY: "sk-x", LITELLM_MODE: "PRODUCTION", LITELLM_LOCAL_MODEL_COST_MAP: "True", LITELLM_MASTER_KEY: key, CCPROXY_LISTEN_HOST: "127.0.0.1" };
const t0 = Date.now();
const lite = spawn(process.env.HOME + "/.cache/ccproxy/litellm-1.108.7/bin/litellm", ["--config", join(dir, "config.yaml"), "--host", "127.0.0.1", "--port", String(port), "--run_gunicorn", "--num_workers", "1"], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
let out = ""; lite.stdout.on("data", (c) => (out += c)); lite.stderr.on("data", (c) => (out += c));
const ask = async (model) => { try { const r = await fetch(`http://127.0.0.1:${port}/v1/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ model, max_tokens: 5, messages: [{ role: "user", content: "hi" }] }) }); return r.status; } catch (e) { return e.cause?.code ?? "ERR"; } };
for (;;) { if ((await ask("claude-sonnet-4-5")) === 200) break; if (Date.now() - t0 > 150000) { console.log(out.slice(-3000)); process.exit(1); } await new Promise((r) => setTimeout(r, 500)); }
console.log(`gunicorn LiteLLM ready in ${(Date.now() - t0) / 1000}s`);
const { readdirSync, readFileSync: rf } = await import("node:fs");
const groupRss = (pid) => { let kb = 0, n = 0, pss = 0; for (const e of readdirSync("/proc").filter((x) => /^\d+$/.test(x))) { try { const st = rf(`/proc/${e}/stat`, "utf8"); const pg = Number(st.slice(st.lastIndexOf(")") + 2).split(" ")[2]); if (pg !== pid) continue; n++; kb += Number(/VmRSS:\s+(\d+)/.exec(rf(`/proc/${e}/status`, "utf8"))[1]); pss += Number(/Pss:\s+(\d+)/.exec(rf(`/proc/${e}/smaps_rollup`, "utf8"))?.[1] ?? 0); } catch {} } return `${n} processes, RSS ${Math.round(kb / 1024)} MB, PSS ${Math.round(pss / 1024)} MB`; };
for (let i = 0; i < 30; i++) await ask("claude-sonnet-4-5");
console.log("after 30 requests:", groupRss(lite.pid));
const models = async () => { try { const r = await fetch(`http://127.0.0.1:${port}/v1/models`, { headers: { authorization: `Bearer ${key}` } }); return (await r.json()).data.map((m) => m.id); } catch (e) { return [String(e.cause?.code)]; } };
console.log("models before:", (await models()).join(","));
// add a target directly to config.yaml: a new alias
const cfg = parse(readFileSync(join(dir, "config.yaml"), "utf8"));
cfg.model_list.push({ model_name: "ccproxy-fresh", litellm_params: { model: "anthropic/claude-fresh-1", api_base: mock.url, api_key: "os.environ/MOCK_KEY" } });
writeFileSync(join(dir, "config.yaml"), stringify(cfg));
console.log("before HUP, fresh listed:", (await models()).includes("ccproxy-fresh"));
// steady load during the reload
const results = []; let stop = false;
const loop = (async () => { while (!stop) { const s = Date.now(); const p = Promise.all([ask("claude-sonnet-4-5"), ask("claude-haiku-4-5")]); results.push(...(await p).map((st) => [st, Date.now() - s])); await new Promise((r) => setTimeout(r, 50)); } })();
const tH = Date.now();
process.kill(lite.pid, "SIGHUP");
let freshAt;
for (let i = 0; i < 240; i++) { if ((await models()).includes("ccproxy-fresh")) { freshAt = Date.now() - tH; break; } await new Promise((r) => setTimeout(r, 250)); }
await new Promise((r) => setTimeout(r, 3000)); stop = true; await loop;
const bad = results.filter(([s]) => s !== 200);
console.log(`after HUP: new alias served after ${freshAt} ms; ${results.length} requests during reload, ${bad.length} not 200: ${JSON.stringify(bad.slice(0, 5))}; max latency ${Math.max(...results.map((r) => r[1]))} ms`);
console.log(out.split("\n").filter((l) => /Booting|Handling signal|Worker exiting|Shutting down|Reloading|Started server|error/i.test(l)).slice(-15).join("\n"));
process.kill(-lite.pid, "SIGTERM"); hook.kill(); await mock.close(); setTimeout(() => process.exit(0), 3000);
