// A replica's share of the cluster state: usage counters flushed to Redis each second, a heartbeat with its live
// counters, and the cluster view `status` asks for. Redis away = per-replica state with one warning, nothing fails.
import type { Redis } from "ioredis";
import { connectRedis, describeRedis } from "../cluster/redis.js";
import { HEARTBEAT_MS, listReplicas, publishReplica, withdrawReplica, type ReplicaView } from "../cluster/replicas.js";
import { hourKey, incrementsOf, PendingIncrements } from "../cluster/usage-rollup.js";
import type { UsageRecord } from "../usage/record.js";
import type { Logger } from "./logger.js";

const FLUSH_MS = 1_000;

/** Why: GET /v1/cluster, what `status` shows about the cluster. */
export interface ClusterView {
  replica: string;
  redis: { url: string; up: boolean; pending_fields: number; dropped_fields: number };
  /** Every live replica's heartbeat, this one included; absent while Redis is away. */
  replicas?: ReplicaView[];
}

/** Why: the hook server's one object for everything Redis. */
export class ClusterState {
  private readonly redis: Redis;
  private readonly pending = new PendingIncrements();
  private up = false;
  private warnedDown = false;
  private flushing: Promise<void> | undefined;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly url: string,
    readonly replica: string,
    private readonly options: { retentionDays: () => number; stats: () => Record<string, unknown>; logger: Logger },
  ) {
    this.redis = connectRedis(url);
    this.redis.on("ready", () => {
      this.up = true;
      this.warnedDown = false;
      options.logger.info(`cluster Redis ${describeRedis(url)} connected (replica ${replica})${this.pending.fields ? `; sending ${this.pending.fields} waiting usage counters` : ""}`);
      void this.flush();
      void this.heartbeat();
    });
    this.redis.on("error", (error: Error) => this.down(error.message));
    this.redis.on("close", () => this.down("connection closed"));
  }

  start(): void {
    this.timers.push(setInterval(() => void this.flush(), FLUSH_MS).unref(), setInterval(() => void this.heartbeat(), HEARTBEAT_MS).unref());
  }

  /** Records just written to this replica's files also count towards the cluster's totals. */
  add(records: UsageRecord[]): void {
    for (const record of records) this.pending.add(hourKey(new Date(record.ts)), incrementsOf(record));
  }

  async view(): Promise<ClusterView> {
    const base = { replica: this.replica, redis: { url: describeRedis(this.url), up: this.up, pending_fields: this.pending.fields, dropped_fields: this.pending.dropped } };
    if (!this.up) return base;
    try {
      return { ...base, replicas: await listReplicas(this.redis) };
    } catch {
      return base;
    }
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.flush();
    if (this.up) await withdrawReplica(this.redis, this.replica).catch(() => {});
    this.redis.disconnect();
  }

  private down(reason: string): void {
    this.up = false;
    if (this.warnedDown) return;
    this.warnedDown = true;
    this.options.logger.warn(
      `cluster Redis ${describeRedis(this.url)} unreachable (${reason}): this replica goes on alone; usage counters wait in memory and \`status\` shows this replica only until it is back`,
    );
  }

  private flush(): Promise<void> {
    this.flushing ??= this.send().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  // MULTI/EXEC: all of a flush lands or none of it; a reply lost after EXEC may count a flush twice (at-least-once).
  private async send(): Promise<void> {
    if (!this.up || this.pending.keys.size === 0) return;
    const taken = this.pending.take();
    const ttl = this.options.retentionDays() * 86_400;
    const multi = this.redis.multi();
    for (const [key, fields] of taken) {
      for (const [field, n] of fields) multi.hincrby(key, field, n);
      multi.expire(key, ttl);
    }
    try {
      const results = await multi.exec();
      if (!results || results.some(([error]) => error)) throw new Error("MULTI aborted");
    } catch (error) {
      this.pending.restore(taken);
      this.down((error as Error).message);
    }
  }

  private async heartbeat(): Promise<void> {
    if (!this.up) return;
    await publishReplica(this.redis, { id: this.replica, at: new Date().toISOString(), stats: this.options.stats() }).catch((error: Error) => this.down(error.message));
  }
}
