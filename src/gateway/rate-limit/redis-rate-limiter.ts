import { Redis } from 'ioredis';
import { prepareRateLimitCharges, requireTokenCount, type CounterCharge } from './prepare-rate-limit-charges.js';
import type { RateLimitAdmission, RateLimitDecision, RateLimiter } from './rate-limiter.js';

export interface RedisRateLimiterOptions {
  /** Prepended to every counter's key; default `agentbus:rate-limit:`. */
  keyPrefix?: string;
}

/**
 * The same exact sliding-window log with running totals as rate_limit_acquire (migration 0003), as
 * one Lua script. Per counter: a sorted set of entries scored by admission time in microseconds on
 * Redis's clock (`TIME`), each member `<admitted µs>:<amount>`, and a key holding their total. A
 * script runs atomically, so there is no lock; every counter is checked before any is written
 * (all or nothing). Expired entries are removed and subtracted as they leave, so a call costs the
 * same however full its window is (a refusal also walks the oldest entries until the charge fits).
 * A total that is missing (first use, or evicted) is rebuilt from the set. Admission times on a
 * counter only grow (a tie or a clock step back moves 1 µs past the latest entry), so the score
 * identifies an entry. Both keys expire when the counter's last entry leaves its window.
 *
 * KEYS: for each counter its entries and its total. ARGV: the amounts, then the limits, then the
 * windows in ms. Returns {1, admitted µs} or {0, refusing charge (1-based), its window's use,
 * retry after ms}.
 */
const acquireScript = `
if redis.replicate_commands then redis.replicate_commands() end -- TIME before writes on Redis < 5
local count = #KEYS / 2
local time = redis.call('TIME')
local checked = tonumber(time[1]) * 1000000 + tonumber(time[2])
local admitted = checked
local refused_charge, refused_used, retry_after_ms = 0, 0, -1
local used, changed, latest = {}, {}, {}
local function amount_of(member) return tonumber(string.match(member, ':(%d+)$')) end
local function expire_at(key, expiry) redis.call('PEXPIREAT', key, string.format('%.0f', math.ceil(expiry / 1000) + 1)) end
for i = 1, count do
  local entries, total = KEYS[2 * i - 1], KEYS[2 * i]
  local amount, limit, window = tonumber(ARGV[i]), tonumber(ARGV[count + i]), tonumber(ARGV[2 * count + i]) * 1000
  local cut = string.format('%.0f', checked - window)
  local expired = redis.call('ZRANGEBYSCORE', entries, '-inf', cut)
  if #expired > 0 then redis.call('ZREMRANGEBYSCORE', entries, '-inf', cut) end
  used[i] = tonumber(redis.call('GET', total))
  if used[i] == nil or redis.call('EXISTS', entries) == 0 then
    used[i] = 0
    for _, member in ipairs(redis.call('ZRANGE', entries, 0, -1)) do used[i] = used[i] + amount_of(member) end
    changed[i] = true
  else
    for _, member in ipairs(expired) do used[i] = used[i] - amount_of(member) end
    changed[i] = #expired > 0
  end
  local newest = redis.call('ZRANGE', entries, -1, -1, 'WITHSCORES')
  if #newest > 0 then
    latest[i] = tonumber(newest[2])
    if latest[i] + 1 > admitted then admitted = latest[i] + 1 end
  end
  if used[i] + amount > limit then
    -- The earliest moment enough of the oldest entries have left for this charge to fit; the
    -- caller must wait for every refusing counter, so report the one that frees up last.
    local leaving, wait, start = 0, nil, 0
    repeat
      local page = redis.call('ZRANGE', entries, start, start + 31, 'WITHSCORES')
      for j = 1, #page, 2 do
        leaving = leaving + amount_of(page[j])
        if used[i] - leaving + amount <= limit then
          wait = math.ceil((tonumber(page[j + 1]) + window - checked) / 1000)
          break
        end
      end
      start = start + 32
    until wait ~= nil or #page < 64
    if wait == nil then return redis.error_reply('a charge of ' .. amount .. ' can never fit in a limit of ' .. limit) end
    if wait > retry_after_ms then refused_charge, refused_used, retry_after_ms = i, used[i], wait end
  end
end
if refused_charge > 0 then
  -- Refused, but entries may have left: their amounts leave the totals all the same.
  for i = 1, count do
    if changed[i] then
      local total = KEYS[2 * i]
      if latest[i] == nil then
        redis.call('DEL', total)
      else
        redis.call('SET', total, string.format('%.0f', used[i]))
        expire_at(total, latest[i] + tonumber(ARGV[2 * count + i]) * 1000)
      end
    end
  end
  return {0, refused_charge, refused_used, retry_after_ms}
end
local score = string.format('%.0f', admitted)
for i = 1, count do
  local entries, total = KEYS[2 * i - 1], KEYS[2 * i]
  local expiry = admitted + tonumber(ARGV[2 * count + i]) * 1000
  redis.call('ZADD', entries, score, score .. ':' .. ARGV[i])
  redis.call('SET', total, string.format('%.0f', used[i] + tonumber(ARGV[i])))
  expire_at(entries, expiry)
  expire_at(total, expiry)
end
return {1, score}
`;

/**
 * Rewrites the amount of one admission's entries (found by their score) and adjusts the totals.
 * KEYS: for each counter its entries and its total. ARGV: the admission time in µs, the actual
 * amount. An entry that left its window is not found; a missing total is rebuilt by the next acquire.
 */
const settleScript = `
local function amount_of(member) return tonumber(string.match(member, ':(%d+)$')) end
for i = 1, #KEYS / 2 do
  local entries, total = KEYS[2 * i - 1], KEYS[2 * i]
  local found = redis.call('ZRANGEBYSCORE', entries, ARGV[1], ARGV[1])
  if #found > 0 then
    redis.call('ZREM', entries, found[1])
    redis.call('ZADD', entries, ARGV[1], ARGV[1] .. ':' .. ARGV[2])
    if redis.call('EXISTS', total) == 1 then redis.call('INCRBY', total, tonumber(ARGV[2]) - amount_of(found[1])) end
  end
end
return #KEYS
`;

type AcquireReply = [1, string] | [0, number, number, number];

interface RateLimitScripts {
  agentbusRateLimitAcquire(numberOfKeys: number, ...keysAndArguments: (string | number)[]): Promise<AcquireReply>;
  agentbusRateLimitSettle(numberOfKeys: number, ...keysAndArguments: (string | number)[]): Promise<number>;
}

/**
 * Creates a rate limiter on a standalone Redis (not Cluster: one script touches a tenant's and a
 * user's key, which Cluster would place in different slots). Opens its own connection, closed by
 * `close()`. Scripts go by EVALSHA (ioredis `defineCommand`, EVAL on a NOSCRIPT reply): one round
 * trip per acquire. When Redis is unreachable an acquire rejects after one retry rather than
 * waiting in ioredis's queue; whether a call then proceeds is the gateway's decision.
 */
export function createRedisRateLimiter(redisUrl: string, options: RedisRateLimiterOptions = {}): RateLimiter {
  const keyPrefix = options.keyPrefix ?? 'agentbus:rate-limit:';
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 }) as Redis & RateLimitScripts;
  // Connection errors reach callers through their rejected commands; without a listener ioredis
  // would also print each one.
  redis.on('error', () => undefined);
  redis.defineCommand('agentbusRateLimitAcquire', { lua: acquireScript });
  redis.defineCommand('agentbusRateLimitSettle', { lua: settleScript });

  /** A counter's entries and its total. */
  const counterKeys = (charge: CounterCharge) => [`${keyPrefix}${charge.counter}`, `${keyPrefix}${charge.counter}:used`];

  const createAdmission = (charges: CounterCharge[], admittedAt: string): RateLimitAdmission => {
    const tokenKeys = charges.filter((charge) => charge.rule.unit === 'tokens').flatMap(counterKeys);
    const allKeys = charges.flatMap(counterKeys);
    return {
      admittedAtMicroseconds: Number(admittedAt),
      async settle(actualTokens) {
        requireTokenCount(actualTokens);
        if (tokenKeys.length > 0) await redis.agentbusRateLimitSettle(tokenKeys.length, ...tokenKeys, admittedAt, actualTokens);
      },
      async reduceTo(amount) {
        requireTokenCount(amount);
        await redis.agentbusRateLimitSettle(allKeys.length, ...allKeys, admittedAt, amount);
      },
    };
  };

  return {
    async acquire(charges): Promise<RateLimitDecision> {
      const prepared = prepareRateLimitCharges(charges);
      if (prepared.refusal) return prepared.refusal;
      const list = prepared.charges;
      const reply = await redis.agentbusRateLimitAcquire(
        list.length * 2,
        ...list.flatMap(counterKeys),
        ...list.map((charge) => charge.amount),
        ...list.map((charge) => charge.rule.limit),
        ...list.map((charge) => charge.rule.windowMs),
      );
      if (reply[0] === 1) return { allowed: true, admission: createAdmission(list, reply[1]) };
      const refused = list[reply[1] - 1] as CounterCharge;
      return { allowed: false, reason: 'window-full', rule: refused.rule, used: reply[2], retryAfterMs: reply[3] };
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
