// The hook server's side of usage recording: takes the workers' batches (POST /v1/events), appends them to the usage
// files (the only writer), and keeps the figures `status` (per label, since start) and `statusline` (per session) read.
import { Tally, NO_LABEL, type UsageTotals } from "../usage/aggregate.js";
import { readUsage, describeSkipped } from "../usage/reader.js";
import { checkRecord, type UsageRecord } from "../usage/record.js";
import { SessionTally, type SessionView } from "../usage/session.js";
import { UsageWriter, type Retention } from "../usage/writer.js";
import { LatencyHistogram } from "./latency-histogram.js";
import type { Logger } from "./logger.js";

/** Why: ccproxy.yaml's `usage` section, read on every batch so a reload applies at once. */
export interface UsageSettings {
  record: boolean;
  retention_days: number;
  max_mb: number;
}

/** Why: sessions and recent ids are kept in memory; a long-running server must not grow without bound. */
export const MAX_SESSIONS = 10_000;
const MAX_RECENT_IDS = 50_000;
/** Why: sessions outlive a restart of the hook server: the last two days of records are read back at start. */
export const SESSION_REPLAY_MS = 48 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

/** Why: what one POST /v1/events did with its records. */
export interface IngestResult {
  accepted: number;
  rejected: number;
  duplicates: number;
}

/** Why: the /v1/stats `usage` section. */
export interface UsageSnapshot {
  record: boolean;
  dir: string;
  since: string;
  by_label: Record<string, UsageTotals>;
  total: UsageTotals;
  rejected: number;
  write_errors: number;
}

interface LabelState {
  tally: Tally;
  latency: LatencyHistogram;
}

/** Why: everything usage the hook server does, behind three calls (ingest, snapshot, session). */
export class UsageService {
  private readonly startedAt = new Date();
  private readonly writer: UsageWriter;
  private readonly labels = new Map<string, LabelState>();
  private readonly all: LabelState = { tally: new Tally(), latency: new LatencyHistogram() };
  private readonly sessions = new Map<string, SessionTally>();
  private readonly recentIds = new Set<string>();
  private rejected = 0;
  private writeErrors = 0;
  private pruneTimer: NodeJS.Timeout | undefined;
  /** Called with the records of each batch once they are on disk (a cluster replica adds them to Redis's totals). */
  onRecorded: ((records: UsageRecord[]) => void) | undefined;

  constructor(
    readonly dir: string,
    private readonly settings: () => UsageSettings,
    private readonly logger: Logger,
    now: () => Date = () => new Date(),
  ) {
    this.writer = new UsageWriter(dir, now);
  }

  /** Reads the recent records back into the sessions (so a status line survives a restart); then prunes hourly. */
  start(): void {
    const { records, skipped } = readUsage(this.dir, new Date(Date.now() - SESSION_REPLAY_MS));
    for (const record of records) {
      this.addToSession(record);
      if (record.id) this.remember(record.id);
    }
    const warning = describeSkipped(skipped);
    if (warning) this.logger.warn(`usage files in ${this.dir}: ${warning}`);
    void this.prune();
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_EVERY_MS).unref();
  }

  async close(): Promise<void> {
    clearInterval(this.pruneTimer);
    await this.writer.close();
  }

  /**
   * One batch from a worker: check each record, drop the ones already written (a resent batch), append the rest, and
   * count them only once they are on disk. Rejects when the write fails: the worker keeps the batch and resends it.
   */
  async ingest(events: unknown[]): Promise<IngestResult> {
    if (!this.settings().record) return { accepted: 0, rejected: 0, duplicates: 0 };
    const fresh: UsageRecord[] = [];
    const inBatch = new Set<string>();
    let rejected = 0;
    let duplicates = 0;
    for (const event of events) {
      const record = checkRecord(event);
      if (typeof record === "string") {
        rejected++;
        if (this.rejected++ % 1000 === 0) this.logger.warn(`usage record rejected (${this.rejected} so far): ${record}`);
        continue;
      }
      if (record.id && (this.recentIds.has(record.id) || inBatch.has(record.id))) {
        duplicates++;
        continue;
      }
      if (record.id) inBatch.add(record.id);
      fresh.push(record);
    }
    try {
      await this.writer.append(fresh);
    } catch (error) {
      this.writeErrors++;
      this.logger.error(`usage: could not append ${fresh.length} records in ${this.dir}: ${(error as Error).message}`);
      throw error;
    }
    for (const record of fresh) {
      this.addLive(record);
      if (record.id) this.remember(record.id);
    }
    if (fresh.length) this.onRecorded?.(fresh);
    return { accepted: fresh.length, rejected, duplicates };
  }

  snapshot(): UsageSnapshot {
    const byLabel: Record<string, UsageTotals> = {};
    for (const [label, state] of this.labels) byLabel[label] = totals(state);
    return {
      record: this.settings().record,
      dir: this.dir,
      since: this.startedAt.toISOString(),
      by_label: byLabel,
      total: totals(this.all),
      rejected: this.rejected,
      write_errors: this.writeErrors,
    };
  }

  session(id: string): SessionView | undefined {
    return this.sessions.get(id)?.view(id);
  }

  private addLive(record: UsageRecord): void {
    const key = record.label ?? NO_LABEL;
    let state = this.labels.get(key);
    if (!state) this.labels.set(key, (state = { tally: new Tally(), latency: new LatencyHistogram() }));
    for (const target of [state, this.all]) {
      target.tally.add(record);
      if (record.latency_ms !== null) target.latency.record(record.latency_ms);
    }
    this.addToSession(record);
  }

  private addToSession(record: UsageRecord): void {
    if (record.session === null) return;
    let session = this.sessions.get(record.session);
    if (session) this.sessions.delete(record.session); // re-inserted below: the Map's order is recency
    else session = new SessionTally();
    session.add(record);
    this.sessions.set(record.session, session);
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
  }

  private remember(id: string): void {
    this.recentIds.add(id);
    if (this.recentIds.size > MAX_RECENT_IDS) this.recentIds.delete(this.recentIds.values().next().value!);
  }

  private async prune(): Promise<void> {
    const { retention_days, max_mb } = this.settings();
    const retention: Retention = { days: retention_days, maxBytes: max_mb * 1024 * 1024 };
    try {
      const removed = await this.writer.prune(retention);
      if (removed.length) this.logger.info(`usage: removed ${removed.length} day file(s) past the retention (${retention_days} days, ${max_mb} MB)`);
    } catch (error) {
      this.logger.warn(`usage: pruning ${this.dir} failed: ${(error as Error).message}`);
    }
  }
}

function totals(state: LabelState): UsageTotals {
  return state.tally.totals(state.latency.summary().count ? state.latency.percentile(0.5) : null);
}
