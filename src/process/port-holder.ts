// "Port 4000 is in use by PID n (command)": find who listens on a TCP port, from /proc/net/tcp{,6} and /proc/*/fd on
// Linux, from `lsof` elsewhere (macOS, BSD).
import { execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { commandLine } from "./pid.js";

/** Why: the answer `start` prints; pid is missing when the holder belongs to another user. */
export interface PortHolder {
  pid?: number;
  command?: string;
}

/** Why: binding is the only race-free test that `start` can use the port; the error code says why not. */
export function tryBind(host: string, port: number): Promise<"free" | "in-use" | NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "EADDRINUSE" ? "in-use" : error));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve("free")));
  });
}

/** Why: socket inodes of listening sockets on `port` (state 0A = LISTEN), IPv4 and IPv6 tables alike. */
export function listeningInodes(port: number, tables = ["/proc/net/tcp", "/proc/net/tcp6"]): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of tables) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const row of text.split("\n").slice(1)) {
      const cols = row.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === "0A" && cols[9] && cols[9] !== "0") inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** Why: `lsof -F pc` prints one field per line: p<pid>, then c<command>; the first process listed is the answer. */
export function parseLsof(output: string): PortHolder | undefined {
  const pid = /^p(\d+)$/m.exec(output)?.[1];
  if (!pid) return undefined;
  return { pid: Number(pid), command: /^c(.+)$/m.exec(output)?.[1] };
}

/** Why: without /proc, lsof names the listener (of this user's processes; others' need root, as with /proc). */
export function lsofHolder(port: number): PortHolder | undefined {
  try {
    const output = execFileSync("lsof", ["-nP", `-iTCP:${port}`, "-sTCP:LISTEN", "-Fpc"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 3_000 });
    const holder = parseLsof(output);
    return holder?.pid ? { pid: holder.pid, command: commandLine(holder.pid) ?? holder.command } : {};
  } catch {
    return {}; // lsof missing, or nothing of ours listens (exit 1)
  }
}

/** Why: maps a listening socket's inode to the process holding it by scanning /proc/<pid>/fd links (lsof without /proc). */
export function findPortHolder(port: number): PortHolder | undefined {
  if (!existsSync("/proc/net/tcp")) return lsofHolder(port);
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  const targets = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  for (const entry of safeReaddir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    for (const fd of safeReaddir(`/proc/${entry}/fd`)) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      if (targets.has(link)) return { pid: Number(entry), command: commandLine(Number(entry)) };
    }
  }
  return {};
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
