/**
 * The transitions BullMQ has no command for, as Lua scripts in BullMQ's own
 * style (one atomic script per transition, on BullMQ's keys and score
 * formulas, emitting BullMQ's events): taking back expired leases in one
 * pass, claiming a batch of jobs (of given agents or any), parking a waiting job in the
 * failed set (cancel, blocked by a dependency), putting a finished job back
 * (retry), heartbeats that also report a cancel request, progress for the
 * lease holder only, a cancel request for a running job, reserving a batch's
 * ids, and the reads that follow a completion.
 *
 * BullMQ's job hash carries our meaning too: `ats` (attempts started) is the
 * attempt count (a release gives one back), `failedReason` holds our JSON
 * job error; we add `sa_state` (why a job is in the failed set: dead, failed
 * or cancelled) and `sa_cancel` (a cancel request for a running job).
 * @module
 */

import type { Redis as RedisClient } from "./deps.ts";

const PRIORITY_SCORE = `
local function priorityScore(jobKey, pcKey)
  local priority = tonumber(redis.call("HGET", jobKey, "priority")) or 0
  local counter = redis.call("INCR", pcKey)
  return priority * 0x100000000 + counter % 0x100000000
end
`;

/**
 * Expired leases, in one pass over the active list: a job without a lock is
 * queued again (attempt counted), dead when its attempts are used up, or
 * cancelled when a cancel was requested. Returns `[id, outcome, ...]`.
 * KEYS: active, prioritized, pc, marker, failed, events, stalled.
 * ARGV: key prefix, now.
 */
const SWEEP = `${PRIORITY_SCORE}
local prefix, now = ARGV[1], ARGV[2]
local out = {}
for _, id in ipairs(redis.call("LRANGE", KEYS[1], 0, -1)) do
  local jobKey = prefix .. id
  if redis.call("EXISTS", jobKey .. ":lock") == 0 then
    redis.call("LREM", KEYS[1], 1, id)
    redis.call("SREM", KEYS[7], id)
    if redis.call("EXISTS", jobKey) == 1 then
      local f = redis.call("HMGET", jobKey, "ats", "opts", "sa_cancel")
      local attempts = tonumber(f[1]) or 0
      local max = 1
      local ok, opts = pcall(cjson.decode, f[2] or "{}")
      if ok and type(opts) == "table" and tonumber(opts["attempts"]) then
        max = tonumber(opts["attempts"])
      end
      local outcome = "queued"
      if f[3] == "1" then outcome = "cancelled" elseif attempts >= max then outcome = "dead" end
      local message = "the lease expired (attempt " .. attempts .. " of " .. max ..
        "): the worker died or stopped sending heartbeats"
      local err = '{"code":"LEASE_EXPIRED","message":' .. cjson.encode(message) ..
        ',"attempt":' .. attempts .. ',"at":' .. now .. '}'
      if outcome == "queued" then
        redis.call("ZADD", KEYS[2], priorityScore(jobKey, KEYS[3]), id)
        redis.call("ZADD", KEYS[4], 0, "0")
        redis.call("HSET", jobKey, "failedReason", err)
        redis.call("XADD", KEYS[6], "*", "event", "waiting", "jobId", id, "prev", "active")
      else
        redis.call("ZADD", KEYS[5], now, id)
        redis.call("HSET", jobKey, "finishedOn", now, "failedReason", err, "sa_state", outcome)
        redis.call("XADD", KEYS[6], "*", "event", "failed", "jobId", id,
          "failedReason", message, "prev", "active")
      end
      table.insert(out, id)
      table.insert(out, outcome)
    end
  end
end
return out
`;

/**
 * Claims up to ARGV[5] of the most urgent jobs (of the agents ARGV[6..]
 * when given, of any agent otherwise), after promoting due delayed jobs as
 * BullMQ's moveToActive does; each claim is what moveToActive does to a job
 * (active list, lock with the lease as duration, processedOn, attempts
 * started, "active" event). One call claims a whole batch. Returns
 * `{id, HGETALL, id, HGETALL, ...}` (empty when nothing is claimable).
 * KEYS: prioritized, active, delayed, pc, marker, events, wait.
 * ARGV: key prefix, now, token, lock duration, count, agents...
 */
const CLAIM = `${PRIORITY_SCORE}
local prefix, now, token, lockMs = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local count = tonumber(ARGV[5])
local due = redis.call("ZRANGEBYSCORE", KEYS[3], 0, (now + 1) * 0x1000 - 1, "LIMIT", 0, 1000)
for _, id in ipairs(due) do
  redis.call("ZREM", KEYS[3], id)
  redis.call("ZADD", KEYS[1], priorityScore(prefix .. id, KEYS[4]), id)
  redis.call("HSET", prefix .. id, "delay", 0)
  redis.call("XADD", KEYS[6], "*", "event", "waiting", "jobId", id, "prev", "delayed")
end
local out = {}
local function lease(id)
  local jobKey = prefix .. id
  redis.call("LPUSH", KEYS[2], id)
  redis.call("SET", jobKey .. ":lock", token, "PX", lockMs)
  redis.call("HSET", jobKey, "processedOn", now)
  redis.call("HINCRBY", jobKey, "ats", 1)
  redis.call("XADD", KEYS[6], "*", "event", "active", "jobId", id, "prev", "waiting")
  table.insert(out, id)
  table.insert(out, redis.call("HGETALL", jobKey))
end
local any = #ARGV < 6
local wanted = {}
for i = 6, #ARGV do wanted[ARGV[i]] = true end
if any then
  -- Jobs without a priority (BullMQ's wait list) go first, as in moveToActive.
  while #out < count * 2 do
    local id = redis.call("RPOP", KEYS[7])
    if not id then break end
    lease(id)
  end
end
local offset = 0
while #out < count * 2 and offset <= 9800 do
  local ids = redis.call("ZRANGE", KEYS[1], offset, offset + 199)
  if #ids == 0 then break end
  local skipped = 0
  for _, id in ipairs(ids) do
    if #out >= count * 2 then break end
    if any or wanted[redis.call("HGET", prefix .. id, "name")] then
      redis.call("ZREM", KEYS[1], id)
      lease(id)
    else
      skipped = skipped + 1
    end
  end
  offset = offset + skipped
  if skipped == 0 and #ids < 200 then break end
end
return out
`;

/**
 * A waiting job (queued, delayed or gated) → the failed set, as cancelled
 * or blocked. Returns 1, or 0 when the job was not waiting.
 * KEYS: prioritized, delayed, wait, failed, events.
 * ARGV: key prefix, id, now, sa_state, error JSON, message.
 */
const PARK = `
local prefix, id, now = ARGV[1], ARGV[2], ARGV[3]
local removed = redis.call("ZREM", KEYS[1], id) + redis.call("ZREM", KEYS[2], id) +
  redis.call("LREM", KEYS[3], 0, id)
if removed == 0 then return 0 end
redis.call("ZADD", KEYS[4], now, id)
redis.call("HSET", prefix .. id, "finishedOn", now, "failedReason", ARGV[5], "sa_state", ARGV[4])
redis.call("XADD", KEYS[5], "*", "event", "failed", "jobId", id, "failedReason", ARGV[6],
  "prev", "waiting")
return 1
`;

/**
 * A job of the failed set → waiting again with fresh attempts: gated in the
 * delayed set when ARGV[3] (a delayed score) is given, else prioritized.
 * With ARGV[4] = "blocked", only a job blocked by a dependency moves.
 * Returns 1, or 0 when nothing moved.
 * KEYS: failed, prioritized, delayed, pc, marker, events.
 * ARGV: key prefix, id, gate score or "", condition.
 */
const REQUEUE = `${PRIORITY_SCORE}
local prefix, id = ARGV[1], ARGV[2]
local jobKey = prefix .. id
if not redis.call("ZSCORE", KEYS[1], id) then return 0 end
if ARGV[4] == "blocked" then
  local ok, err = pcall(cjson.decode, redis.call("HGET", jobKey, "failedReason") or "null")
  local code = ok and type(err) == "table" and err["code"] or ""
  if code ~= "DEPENDENCY_FAILED" and code ~= "DEPENDENCY_CANCELLED" then return 0 end
end
redis.call("ZREM", KEYS[1], id)
redis.call("HDEL", jobKey, "ats", "atm", "stc", "sa_state", "sa_cancel", "failedReason",
  "finishedOn", "processedOn", "returnvalue", "stacktrace")
if ARGV[3] ~= "" then
  redis.call("ZADD", KEYS[3], ARGV[3], id)
else
  redis.call("ZADD", KEYS[2], priorityScore(jobKey, KEYS[4]), id)
  redis.call("ZADD", KEYS[5], 0, "0")
end
redis.call("XADD", KEYS[6], "*", "event", "waiting", "jobId", id, "prev", "failed")
return 1
`;

/**
 * BullMQ's extendLock plus the cancel flag, in one round trip.
 * Returns `[1, cancel]` or `[0]` when the token does not hold the lock.
 * KEYS: stalled. ARGV: key prefix, id, token, lease ms.
 */
const HEARTBEAT = `
local jobKey = ARGV[1] .. ARGV[2]
if redis.call("GET", jobKey .. ":lock") ~= ARGV[3] then return {0} end
redis.call("SET", jobKey .. ":lock", ARGV[3], "PX", ARGV[4])
redis.call("SREM", KEYS[1], ARGV[2])
return {1, redis.call("HGET", jobKey, "sa_cancel") or "0"}
`;

/**
 * Progress, for the lease holder only. Returns 1, or 0 without the lock.
 * KEYS: events. ARGV: key prefix, id, token, progress JSON.
 */
const PROGRESS = `
local jobKey = ARGV[1] .. ARGV[2]
if redis.call("GET", jobKey .. ":lock") ~= ARGV[3] then return 0 end
redis.call("HSET", jobKey, "progress", ARGV[4])
redis.call("XADD", KEYS[1], "*", "event", "progress", "jobId", ARGV[2], "data", ARGV[4])
return 1
`;

/**
 * Marks a running job's cancel request. Returns 1, or 0 when not active.
 * KEYS: active. ARGV: key prefix, id.
 */
const REQUEST_CANCEL = `
if not redis.call("LPOS", KEYS[1], ARGV[2]) then return 0 end
redis.call("HSET", ARGV[1] .. ARGV[2], "sa_cancel", "1")
return 1
`;

/**
 * Reserves job ids in the job index (id → lane), all or none: returns 0
 * when every id was free and is now reserved, else the 1-based position of
 * the first id already taken (nothing is written then).
 * KEYS: index. ARGV: id, lane, id, lane, ...
 */
const RESERVE = `
for i = 1, #ARGV, 2 do
  if redis.call("HEXISTS", KEYS[1], ARGV[i]) == 1 then return (i + 1) / 2 end
end
for i = 1, #ARGV, 2 do
  redis.call("HSET", KEYS[1], ARGV[i], ARGV[i + 1])
end
return 0
`;

/**
 * What a completion reads after BullMQ's finishing move, in one command:
 * the dependants to release and the job fields a lease may have changed.
 * KEYS: dependants set, job hash. ARGV: the fields.
 */
const AFTER_COMPLETE = `
return {redis.call("SMEMBERS", KEYS[1]), redis.call("HMGET", KEYS[2], unpack(ARGV))}
`;

/** Our scripts, by command name. */
const SCRIPTS = {
  saSweep: { keys: 7, lua: SWEEP },
  saClaim: { keys: 7, lua: CLAIM },
  saPark: { keys: 5, lua: PARK },
  saRequeue: { keys: 6, lua: REQUEUE },
  saHeartbeat: { keys: 1, lua: HEARTBEAT },
  saProgress: { keys: 1, lua: PROGRESS },
  saRequestCancel: { keys: 1, lua: REQUEST_CANCEL },
  saReserve: { keys: 1, lua: RESERVE },
  saAfterComplete: { keys: 2, lua: AFTER_COMPLETE },
} as const;

/** Name of one of our scripts. */
export type ScriptName = keyof typeof SCRIPTS;

/** Calls one script with its keys then its arguments. */
export type RunScript = (
  name: ScriptName,
  keys: string[],
  args: (string | number)[],
) => Promise<unknown>;

/**
 * Registers the scripts on a client (EVALSHA, loaded on first use) and
 * returns a function that runs them.
 */
export function defineScripts(client: RedisClient): RunScript {
  for (const [name, { keys, lua }] of Object.entries(SCRIPTS)) {
    client.defineCommand(name, { numberOfKeys: keys, lua });
  }
  const commands = client as unknown as Record<
    ScriptName,
    (...args: (string | number)[]) => Promise<unknown>
  >;
  return (name, keys, args) => {
    if (keys.length !== SCRIPTS[name].keys) {
      throw new Error(`script ${name} takes ${SCRIPTS[name].keys} keys, got ${keys.length}`);
    }
    return commands[name](...keys, ...args);
  };
}
