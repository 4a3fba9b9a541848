// The supply-chain check reads LiteLLM's environment as files. Asking its Python would run every .pth file in
// site-packages first, which is exactly how the malicious LiteLLM 1.82.8 ran (litellm_init.pth).
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { KNOWN_BAD_LITELLM } from "../litellm/pin.js";

/** Why: known indicators of the March 2026 LiteLLM compromise (1.82.7/1.82.8): the exfiltration and command hosts. */
export const IOC_HOSTS = ["models.litellm.cloud", "checkmarx.zone"] as const;

/** Why: what a startup hook has no business doing: decoding or evaluating code, spawning, talking to the network. */
const SUSPICIOUS = /\b(?:exec|eval|compile)\s*\(|base64|b64decode|\bsubprocess\b|\bPopen\b|os\.system|\bsocket\b|urllib|urlopen|http\.client|https?:\/\/|\bmarshal\b|zlib|codecs\.decode|\\x[0-9a-f]{2}/i;

/** Why: a .pth's code lines are few and short; a long one (the 1.82.8 payload was 34 KB) is obfuscation. */
const MAX_PTH_CODE_CHARS = 2_000;

/** Why: files larger than this are not read whole (a .pth or sitecustomize.py of megabytes is itself a finding). */
const MAX_READ_BYTES = 1024 * 1024;

/** Why: known is a fail (rotate credentials); suspicious is a warning (inspect the file); both stop doctor from running that Python. */
export interface Indicator {
  level: "known" | "suspicious";
  what: string;
}

/** Why: what one scan found, for the check's row. */
export interface SiteScan {
  dirs: string[];
  litellmVersions: string[];
  indicators: Indicator[];
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function readSmall(path: string, maxBytes = MAX_READ_BYTES): string | undefined {
  try {
    if (statSync(path).size > maxBytes) return undefined;
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Why: pyvenv.cfg says whether the base interpreter's site-packages are visible too, and where that interpreter lives. */
function pyvenvCfg(root: string): { home?: string; system: boolean } | undefined {
  const text = readSmall(join(root, "pyvenv.cfg"));
  if (text === undefined) return undefined;
  const value = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*(.*?)\\s*$`, "mi").exec(text)?.[1];
  return { home: value("home"), system: value("include-system-site-packages")?.toLowerCase() === "true" };
}

/** Why: <prefix>/lib{,64}/python3.X/{site,dist}-packages and Debian's <prefix>/lib/python3/dist-packages. */
function prefixSiteDirs(prefix: string): string[] {
  const found: string[] = [];
  for (const lib of ["lib", "lib64"]) {
    for (const entry of list(join(prefix, lib)).filter((name) => /^python3(?:\.\d+)?$/.test(name))) {
      for (const leaf of ["site-packages", "dist-packages"]) found.push(join(prefix, lib, entry, leaf));
    }
  }
  return found;
}

/** Why: the user's own site-packages (~/.local on Linux, ~/Library/Python on macOS), which a non-venv Python loads too. */
function userSiteDirs(home: string): string[] {
  const mac = list(join(home, "Library", "Python")).map((v) => join(home, "Library", "Python", v, "lib", "python", "site-packages"));
  return [...prefixSiteDirs(join(home, ".local")), ...mac];
}

/** Why: every folder whose .pth files the interpreter `python` would execute at start, found from files alone. */
export function siteDirsOf(python: string, home = homedir()): string[] {
  const root = dirname(dirname(python)); // <venv>/bin/python → <venv>; /usr/bin/python3 → /usr
  const cfg = pyvenvCfg(root);
  const dirs = prefixSiteDirs(root);
  if (!cfg || cfg.system) {
    let base = root;
    try {
      base = cfg?.home ? dirname(cfg.home) : dirname(dirname(realpathSync(python)));
    } catch {
      // a dangling interpreter link: the venv's own folders are all there is
    }
    dirs.push(...prefixSiteDirs(base), ...userSiteDirs(home));
  }
  const seen = new Set<string>();
  return dirs.filter((dir) => {
    if (!existsSync(dir)) return false;
    let real = dir;
    try {
      real = realpathSync(dir);
    } catch {
      // keep the path as it is
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

function startupCode(text: string): string {
  // site.py executes the lines of a .pth that start with "import" followed by a space or a tab
  return text.split(/\r?\n/).filter((line) => /^import[ \t]/.test(line)).join("\n");
}

function suspicion(code: string): string | undefined {
  if (code.length > MAX_PTH_CODE_CHARS) return `${code.length} characters of code`;
  const hit = SUSPICIOUS.exec(code);
  return hit ? `"${hit[0].trim()}"` : undefined;
}

function iocIn(text: string): string | undefined {
  return IOC_HOSTS.find((host) => text.includes(host));
}

/** Why: the indicators, by content and name, in the site folders of an install and in the user's home. */
export function scanSiteDirs(dirs: readonly string[], home = homedir()): SiteScan {
  const indicators: Indicator[] = [];
  const litellmVersions: string[] = [];
  for (const dir of dirs) {
    for (const name of list(dir)) {
      const path = join(dir, name);
      const version = /^litellm-(\d[^-]*)\.dist-info$/.exec(name)?.[1];
      if (version) {
        litellmVersions.push(version);
        if ((KNOWN_BAD_LITELLM as readonly string[]).includes(version)) indicators.push({ level: "known", what: `LiteLLM ${version} is a known-malicious release (${path})` });
      }
      if (name.endsWith(".pth")) {
        if (name === "litellm_init.pth") {
          indicators.push({ level: "known", what: `${path} exists (dropped by the malicious 1.82.8; runs on every Python start)` });
          continue;
        }
        const text = readSmall(path);
        if (text === undefined) {
          indicators.push({ level: "suspicious", what: `${path} is larger than ${MAX_READ_BYTES / 1024} KB` });
          continue;
        }
        const host = iocIn(text);
        const why = host ? undefined : suspicion(startupCode(text));
        if (host) indicators.push({ level: "known", what: `${path} names ${host} (the 2026 LiteLLM credential stealer's host)` });
        else if (why) indicators.push({ level: "suspicious", what: `${path} runs code on every Python start (${why})` });
      }
      if (name === "sitecustomize.py" || name === "usercustomize.py") {
        const text = readSmall(path) ?? "";
        const host = iocIn(text);
        const hit = host ? undefined : SUSPICIOUS.exec(text)?.[0];
        if (host) indicators.push({ level: "known", what: `${path} names ${host} (the 2026 LiteLLM credential stealer's host)` });
        else if (hit) indicators.push({ level: "suspicious", what: `${path} runs on every Python start and contains "${hit.trim()}"` });
      }
    }
    // The package's own import-time modules: 1.82.7 carried its payload inside litellm/proxy/proxy_server.py.
    for (const module of ["litellm/__init__.py", "litellm/proxy/proxy_server.py"]) {
      const path = join(dir, module);
      const text = readSmall(path, 16 * MAX_READ_BYTES) ?? ""; // proxy_server.py is ~0.9 MB in 1.108
      const host = iocIn(text);
      if (host) indicators.push({ level: "known", what: `${path} names ${host} (the 2026 LiteLLM credential stealer's host)` });
      else if (/b64decode\([^)\n]*\)[^\n]*\bexec\s*\(|\bexec\s*\([^\n]*b64decode/.test(text)) {
        indicators.push({ level: "known", what: `${path} executes base64-decoded code` });
      }
    }
  }
  // Persistence the 1.82.x payload installed for the user who ran it.
  for (const path of [join(home, ".config", "sysmon", "sysmon.py"), join(home, ".config", "systemd", "user", "sysmon.service")]) {
    if (existsSync(path)) indicators.push({ level: "known", what: `${path} exists (persistence of the 2026 LiteLLM credential stealer)` });
  }
  return { dirs: [...dirs], litellmVersions, indicators };
}
