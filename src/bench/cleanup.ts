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

  /** Why: Ctrl-C must not leave LiteLLM or the mock running; exit 130 as shells expect after SIGINT. */
  onSigint(): () => void {
    const handler = () => {
      process.stderr.write("\nbench: interrupted, stopping what it started…\n");
      void this.run().then(() => process.exit(130));
    };
    process.once("SIGINT", handler);
    return () => process.off("SIGINT", handler);
  }
}
