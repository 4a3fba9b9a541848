// Hot reload: watch the config file (and its custom modules); swap in a valid change, keep the last good config otherwise.
import { watch, type FSWatcher } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadConfig, type LoadedConfig } from "./load.js";

/** Why: the hook server applies good edits without a restart and reports bad ones without dying. */
export interface WatchHandlers {
  onReload(config: LoadedConfig): void;
  onError(error: unknown): void;
}

/**
 * Why: editors save by rename or by several writes, so we watch the folders (not the inodes) and
 * debounce. `files` are extra paths to watch from the start (e.g. the initial config's custom modules).
 */
export function watchConfig(
  path: string,
  handlers: WatchHandlers,
  options: { debounceMs?: number; files?: string[] } = {},
): { close(): void } {
  const file = resolve(path);
  const debounceMs = options.debounceMs ?? 100;
  const watchers = new Map<string, FSWatcher>();
  let watched = new Set([file, ...(options.files ?? [])]);
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let running: Promise<void> = Promise.resolve();

  const reload = async () => {
    try {
      const loaded = await loadConfig(file);
      if (closed) return;
      watched = new Set(loaded.files);
      sync();
      handlers.onReload(loaded);
    } catch (error) {
      if (!closed) handlers.onError(error);
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(reload);
    }, debounceMs);
  };
  const sync = () => {
    const dirs = new Set([...watched].map((f) => dirname(f)));
    for (const [dir, w] of watchers) if (!dirs.has(dir)) (w.close(), watchers.delete(dir));
    for (const dir of dirs) {
      if (watchers.has(dir)) continue;
      const w = watch(dir, (_event, name) => {
        if (name && watched.has(resolve(dir, name.toString()))) schedule();
      });
      w.on("error", (error) => handlers.onError(error));
      watchers.set(dir, w);
    }
  };
  sync();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}

