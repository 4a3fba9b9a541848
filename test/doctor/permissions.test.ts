// files.permissions: a 0644 file or a 0755 dir fails with the chmod that fixes it.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, expect, it } from "vitest";
import { filePermissions } from "../../src/doctor/checks/permissions.js";
import { check, configDir } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await configDir();
});

it("passes on a fresh config dir", async () => {
  expect(await check(dir, filePermissions)).toMatchObject({ status: "ok", cause: `${dir} is 0700 and its files 0600` });
});

it("fails on files and dirs other users can read, with the chmod that fixes them, and passes after it", async () => {
  chmodSync(join(dir, "master.key"), 0o644);
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, "logs"), { mode: 0o700 });
  writeFileSync(join(dir, "logs", "litellm.log"), "x", { mode: 0o640 });
  const loose = await check(dir, filePermissions);
  expect(loose.status).toBe("fail");
  expect(loose.cause).toBe(`open to other users: ${dir} 0755, master.key 0644, logs/litellm.log 0640`);
  expect(loose.fix).toBe(`chmod 600 ${join(dir, "master.key")} ${join(dir, "logs", "litellm.log")} && chmod 700 ${dir}`);
  chmodSync(join(dir, "master.key"), 0o600);
  chmodSync(join(dir, "logs", "litellm.log"), 0o600);
  chmodSync(dir, 0o700);
  expect((await check(dir, filePermissions)).status).toBe("ok");
});

it("covers the hook's package folder and its modules, but not the __pycache__ Python writes there", async () => {
  const pkg = join(dir, "ccproxy_hook_pkg");
  mkdirSync(join(pkg, "__pycache__"), { mode: 0o755 });
  chmodSync(join(pkg, "__pycache__"), 0o755);
  expect((await check(dir, filePermissions)).status).toBe("ok");
  chmodSync(pkg, 0o755);
  chmodSync(join(pkg, "handler.py"), 0o644);
  const loose = await check(dir, filePermissions);
  expect(loose.cause).toBe("open to other users: ccproxy_hook_pkg 0755, ccproxy_hook_pkg/handler.py 0644");
  expect(loose.fix).toBe(`chmod 600 ${join(pkg, "handler.py")} && chmod 700 ${pkg}`);
});
