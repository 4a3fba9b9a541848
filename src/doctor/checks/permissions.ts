// The config dir holds the master key and routing policy: the dir (and logs/, the hook's package) 0700, every file 0600.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { Check } from "../types.js";

/** Why: a world-readable master.key (say, after a copy or an editor's save) hands the proxy to anyone on the box. */
export const filePermissions: Check = {
  id: "files.permissions",
  title: "file permissions",
  async run(ctx) {
    if (!statSync(ctx.dir, { throwIfNoEntry: false })?.isDirectory()) return { status: "fail", cause: `${ctx.dir} does not exist`, fix: "run `ccproxy init`" };
    const loose: { path: string; mode: number; want: "600" | "700" }[] = [];
    const inspect = (path: string) => {
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat || !(stat.isFile() || stat.isDirectory()) || !(stat.mode & 0o077)) return;
      loose.push({ path, mode: stat.mode & 0o777, want: stat.isFile() ? "600" : "700" });
    };
    inspect(ctx.dir);
    const subdirs = [ctx.files.logs, ctx.files.hookPackage];
    for (const dir of [ctx.dir, ...subdirs]) {
      for (const entry of list(dir)) {
        const path = join(dir, entry);
        if (subdirs.includes(path) || statSync(path, { throwIfNoEntry: false })?.isFile()) inspect(path);
      }
    }
    if (!loose.length) return { status: "ok", cause: `${ctx.dir} is 0700 and its files 0600` };
    const name = (path: string) => relative(ctx.dir, path) || ctx.dir;
    const fix = (["600", "700"] as const)
      .map((want) => loose.filter((l) => l.want === want).map((l) => l.path))
      .map((paths, i) => (paths.length ? `chmod ${i ? "700" : "600"} ${paths.join(" ")}` : ""))
      .filter(Boolean)
      .join(" && ");
    return { status: "fail", cause: `open to other users: ${loose.map((l) => `${name(l.path)} 0${l.mode.toString(8)}`).join(", ")}`, fix };
  },
};

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
