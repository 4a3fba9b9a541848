// Everything the bench starts is registered here and stopped at the end, on error and on Ctrl-C.

/** Why: stops run in reverse order of start (LiteLLM before the hook server before the mock). */
export class Cleanup {
  private readonly stops: { name: string; stop: () => Promise<void> | void }[] = [];
  private running: Promise<void> | undefined;

  /** Registers a stop function as soon as the thing it stops exists. */
  add(name: string, stop: () => Promise<void> | void): void {
    this.stops.push({ name, stop });
  }

  /** Runs every stop once, even when some fail; later calls wait for the first. */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const { name, stop } of this.stops.reverse()) {
        try {
          await stop();
        } catch (error) {
          process.stderr.write(`bench: stopping ${name} failed: ${(error as Error).message}\n`);
        }
      }
    })();
    return this.running;
  }

  /** Why: Ctrl-C (or a kill) must not leave LiteLLM or the mock running (they have process groups of their own);
   * exit 130 / 143 as shells expect after SIGINT / SIGTERM. */
  onSigint(): () => void {
    const handlers = (["SIGINT", "SIGTERM"] as const).map((signal) => {
      const handler = () => {
        process.stderr.write("\nbench: interrupted, stopping what it started…\n");
        void this.run().then(() => process.exit(signal === "SIGINT" ? 130 : 143));
      };
      process.once(signal, handler);
      return [signal, handler] as const;
    });
    return () => handlers.forEach(([signal, handler]) => process.off(signal, handler));
  }
}
