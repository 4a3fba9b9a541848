// Who is in the cluster: each replica's hook server publishes its live counters (the /v1/stats body) every few seconds
// under a key that expires, so `status` on any replica lists the live ones and sums their counters.
import type { Redis } from "ioredis";
import { KEY_PREFIX } from "./redis.js";

const REPLICA_PREFIX = `${KEY_PREFIX}replica:`;
/** Why: published this often; a replica silent for three periods drops out of the list by itself. */
export const HEARTBEAT_MS = 5_000;
const TTL_S = 15;

/** Why: what one replica publishes about itself. */
export interface ReplicaView {
  id: string;
  at: string;
  stats: Record<string, unknown>;
}

/** Why: one heartbeat: this replica's counters with a short life. */
export async function publishReplica(redis: Redis, view: ReplicaView): Promise<void> {
  await redis.set(`${REPLICA_PREFIX}${view.id}`, JSON.stringify(view), "EX", TTL_S);
}

/** Why: a replica that stops cleanly leaves at once, not after the TTL. */
export async function withdrawReplica(redis: Redis, id: string): Promise<void> {
  await redis.del(`${REPLICA_PREFIX}${id}`);
}

/** Why: every live replica, by id (SCAN, never KEYS: Redis stays responsive however many keys it holds). */
export async function listReplicas(redis: Redis): Promise<ReplicaView[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", `${REPLICA_PREFIX}*`, "COUNT", 200);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  if (keys.length === 0) return [];
  const values = await redis.mget(...keys);
  return values.flatMap((value) => (value ? [JSON.parse(value) as ReplicaView] : [])).sort((a, b) => (a.id < b.id ? -1 : 1));
}
