// One Claude Code session's usage, as the status line shows it.
import { Tally, type UsageTotals } from "./aggregate.js";
import type { UsageRecord } from "./record.js";

/** Why: GET /v1/sessions/<id> and the status line's offline fallback answer with the same shape. */
export interface SessionView {
  session: string;
  requests: number;
  errors: number;
  cost_usd: number | null;
  unpriced_requests: number;
  tokens: UsageTotals["tokens"];
  last: { ts: string; label: string | null; rule: string | null; model: string | null; ok: boolean; error: UsageRecord["error"] | null };
}

/** Why: a session's running sums and its latest record. */
export class SessionTally {
  readonly tally = new Tally();
  last: UsageRecord | undefined;

  add(record: UsageRecord): void {
    this.tally.add(record);
    if (this.last === undefined || record.ts >= this.last.ts) this.last = record;
  }

  view(id: string): SessionView | undefined {
    if (!this.last) return undefined;
    const totals = this.tally.totals(null);
    const { ts, label, rule, model, ok, error } = this.last;
    return {
      session: id,
      requests: totals.requests,
      errors: totals.errors,
      cost_usd: totals.cost_usd,
      unpriced_requests: totals.unpriced_requests,
      tokens: totals.tokens,
      last: { ts, label, rule, model, ok, error: error ?? null },
    };
  }
}

/** Why: the status line without a running hook server computes the same view from the files. */
export function sessionFromRecords(id: string, records: UsageRecord[]): SessionView | undefined {
  const session = new SessionTally();
  for (const record of records) if (record.session === id) session.add(record);
  return session.view(id);
}
