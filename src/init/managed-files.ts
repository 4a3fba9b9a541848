// Writes generated files without ever clobbering a user's edits: a manifest records what we wrote.
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

/** Why: `init` reports, per file, what it did, so a second run can say "nothing changed". */
export type WriteOutcome = "created" | "updated" | "unchanged" | "kept-user-edits" | "replaced-user-edits";

const MANIFEST = ".ccproxy-generated.json";

/** Why: content digests tell "we wrote this" apart from "the user edited this". */
export function digest(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

/** Why: the manifest maps each generated file's name to the digest of what ccproxy last wrote. */
export function readManifest(dir: string): Record<string, string> {
  const path = join(dir, MANIFEST);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, string>) : {};
}

function writeManifest(dir: string, manifest: Record<string, string>): void {
  writeSecret(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Why: everything ccproxy writes may hold secrets or routing policy: 0600 files in a 0700 dir. */
export function writeSecret(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Why: the config dir is created private, and tightened if it already existed. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Why: a generated file is rewritten only when it still holds what we wrote last (or with force). */
export function writeGenerated(path: string, content: string, force: boolean): WriteOutcome {
  const dir = join(path, "..");
  const name = basename(path);
  const manifest = readManifest(dir);
  if (!existsSync(path)) {
    writeSecret(path, content);
    writeManifest(dir, { ...manifest, [name]: digest(content) });
    return "created";
  }
  const current = readFileSync(path, "utf8");
  if (current === content) {
    if (manifest[name] !== digest(content)) writeManifest(dir, { ...manifest, [name]: digest(content) });
    return "unchanged";
  }
  const editedByUser = manifest[name] !== digest(current);
  if (editedByUser && !force) return "kept-user-edits";
  if (editedByUser) copyFileSync(path, `${path}.bak`);
  writeSecret(path, content);
  writeManifest(dir, { ...manifest, [name]: digest(content) });
  return editedByUser ? "replaced-user-edits" : "updated";
}
