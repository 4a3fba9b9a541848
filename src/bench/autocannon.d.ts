// The slice of autocannon's untyped programmatic API that the bench uses.
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  /** One connection; it emits request, headers (parser info), body (chunk) and response. */
  export interface Client extends EventEmitter {}

  export interface Options {
    url: string;
    method?: string;
    body?: Buffer | string;
    headers?: Record<string, string>;
    connections?: number;
    overallRate?: number;
    duration?: number;
    timeout?: number;
    setupClient?: (client: Client) => void;
  }

  export interface Result {
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  export interface Instance extends EventEmitter, PromiseLike<Result> {
    stop(): void;
  }

  export default function autocannon(options: Options, callback?: (error: Error | null, result: Result) => void): Instance;
}
