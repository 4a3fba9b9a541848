// Writes generated files without ever clobbering a user's edits: a manifest records what we wrote.
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Why: `init` reports, per file, what it did, so a second run can say "nothing changed". */
export type WriteOutcome = "created" | "updated" | "unchanged" | "kept-user-edits" | "replaced-user-edits";

/** Why: one file ccproxy generates: its path relative to the config dir ("a/b.py" inside a folder) and its content. */
export interface GeneratedFile {
  name: string;
  content: string;
}

const MANIFEST = ".ccproxy-generated.json";

/** Why: content digests tell "we wrote this" apart from "the user edited this". */
export function digest(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

/** Why: the manifest maps each generated file's path (relative to the config dir) to the digest of what ccproxy last wrote. */
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
  const name = basename(path);
  return writeGeneratedGroup(dirname(path), [{ name, content }], force).get(name) ?? "unchanged";
}

/** Why: what a file on disk is, compared with what this ccproxy would write there. */
type FileState = "missing" | "same" | "ours" | "edited";

const OUTCOME: Record<FileState, WriteOutcome> = { missing: "created", same: "unchanged", ours: "updated", edited: "replaced-user-edits" };

/**
 * Why: files that only work together (the hook's shim and its package) are kept or replaced together,
 * so a hand edit to one never meets the others from another version. A file the manifest lists under
 * `folder` that this version no longer ships is removed (reported as an update of that folder).
 */
export function writeGeneratedGroup(dir: string, files: GeneratedFile[], force: boolean, folder?: string): Map<string, WriteOutcome> {
  const manifest = readManifest(dir);
  const stateOf = (name: string, content?: string): FileState => {
    const path = join(dir, name);
    if (!existsSync(path)) return "missing";
    const text = readFileSync(path, "utf8");
    if (text === content) return "same";
    return manifest[name] === digest(text) ? "ours" : "edited";
  };
  const shipped = new Set(files.map((file) => file.name));
  const retired = Object.keys(manifest).filter((name) => folder !== undefined && name.startsWith(`${folder}/`) && !shipped.has(name));
  const states = new Map(files.map((file) => [file.name, stateOf(file.name, file.content)]));
  const retiredStates = new Map(retired.map((name) => [name, stateOf(name)]));
  const keepAll = !force && [...states.values(), ...retiredStates.values()].includes("edited");
  const outcomes = new Map<string, WriteOutcome>();
  for (const file of files) {
    const state = states.get(file.name) ?? "missing";
    outcomes.set(file.name, keepAll ? (state === "same" ? "unchanged" : "kept-user-edits") : write(dir, file, state));
  }
  if (keepAll) return outcomes;
  for (const [name, state] of retiredStates) {
    if (state === "edited") copyFileSync(join(dir, name), join(dir, `${name}.bak`));
    rmSync(join(dir, name), { force: true });
    outcomes.set(name, "updated");
  }
  const next = Object.fromEntries(Object.entries(manifest).filter(([name]) => !retiredStates.has(name)));
  for (const file of files) next[file.name] = digest(file.content);
  if (JSON.stringify(next) !== JSON.stringify(manifest)) writeManifest(dir, next);
  return outcomes;
}

function write(dir: string, file: GeneratedFile, state: FileState): WriteOutcome {
  const path = join(dir, file.name);
  if (state === "edited") copyFileSync(path, `${path}.bak`);
  if (state !== "same") {
    ensurePrivateDir(dirname(path));
    writeSecret(path, file.content);
  }
  return OUTCOME[state];
}
