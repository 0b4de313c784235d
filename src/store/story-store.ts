import { groupBySlot, type RedisConnection } from '../queue/redis-connection.js';
import type { Article } from '../model/article.generated.js';
import type { RedisKeys } from '../queue/redis-keys.js';
import { isKill, versionKeyOf, versionOrderKey } from './version-order.js';

/**
 * Where a new version goes once the store has accepted it: straight to subscribers, into the
 * review state, or held as an embargo. `held` is an embargoed version an editor held on the desk:
 * its release at the embargo time publishes nothing, only an editor's release does
 * (src/queue/embargo-control.ts). `killed` is a kill that reached the store.
 */
export type StoryState = 'publishing' | 'review' | 'embargoed' | 'held' | 'killed';

export type DecisionKind = 'new' | 'newer' | 'duplicate' | 'stale' | 'kill';

export interface Decision {
  kind: DecisionKind;
  /**
   * The key of this version in job ids and the history: its version, or (when a provider re-sent
   * a version with different content) the version plus a content-hash suffix. For a duplicate,
   * the key the stored latest version has.
   */
  versionKey: string;
  /** The store's latest version before this one (`versionKey`), or null for a new story. */
  previousVersionKey: string | null;
  previousState: StoryState | null;
  /** Whether the latest version's delivery (fan-out, embargo job, review entry) had completed. */
  delivered: boolean;
  /** Subscribers that received some version of the story (for kills and resumed kills). */
  subscribers: string[];
}

export interface HistoryEntry {
  versionKey: string;
  version: string | null;
  versionCreated: string | null;
  contentHash: string;
  arrivedAt: string;
  outcome: 'new' | 'newer' | 'stale' | 'kill';
  feed: string | null;
}

export interface LatestVersion {
  versionKey: string;
  contentHash: string;
  state: StoryState;
  delivered: boolean;
}

// The decisions on a batch of stories, each atomic (the whole batch is one script). Per story:
// KEYS story, history, subscribers; ARGV contentHash, createdMs, number, versionKey, kill ('1'),
// target state, history entry (a JSON object without its closing brace, outcome and version key
// still to add), the subscriber count and the subscribers. ARGV[1] is the retention in seconds,
// ARGV[2] the time in ms. The version order mirrors compareVersionOrder() in version-order.ts:
// creation instant, then numeric version, then arrival (the later wins). A kill is final:
// anything after it is stale. Duplicates are not recorded in the history.
const DECIDE = `
local ttl = tonumber(ARGV[1])
local nowMs = ARGV[2]
local function decide(K1, K2, K3, hash, createdMs, number, vk, isKill, target, entry, subs)
  local h = redis.call('HMGET', K1, 'contentHash', 'createdMs', 'number', 'versionKey', 'state', 'delivered')
  local function touch()
    redis.call('EXPIRE', K1, ttl)
    redis.call('EXPIRE', K2, ttl)
    if redis.call('EXISTS', K3) == 1 then redis.call('EXPIRE', K3, ttl) end
  end
  local function record(outcome)
    redis.call('RPUSH', K2, entry .. ',"outcome":"' .. outcome .. '","versionKey":' .. cjson.encode(vk) .. '}')
    redis.call('LTRIM', K2, -200, -1)
  end
  local function setLatest(state)
    redis.call('HSET', K1, 'contentHash', hash, 'createdMs', createdMs, 'number', number, 'versionKey', vk, 'state', state, 'delivered', '0', 'updatedMs', nowMs)
  end
  local function addSubscribers()
    if target == 'publishing' and #subs > 0 then redis.call('SADD', K3, unpack(subs)) end
  end
  local function withSubscribers(out)
    for _, s in ipairs(redis.call('SMEMBERS', K3)) do out[#out + 1] = s end
    return out
  end
  if not h[1] then
    if isKill then
      setLatest('killed'); record('kill'); touch()
      return {'kill', '', '', '0', vk}
    end
    setLatest(target); addSubscribers(); record('new'); touch()
    return {'new', '', '', '0', vk}
  end
  if h[1] == hash then
    return withSubscribers({'duplicate', h[4], h[5], h[6], h[4]})
  end
  -- Different content under the version key already stored (a provider re-sent a version with
  -- changes): the new content gets its own key, so its job ids cannot collide with the old ones.
  if vk == h[4] then vk = vk .. '~' .. string.sub(hash, 8, 19) end
  if h[5] == 'killed' then
    record('stale'); touch()
    return {'stale', h[4], h[5], h[6], vk}
  end
  if isKill then
    setLatest('killed'); record('kill'); touch()
    return withSubscribers({'kill', h[4], h[5], h[6], vk})
  end
  local cmp = 1
  local newMs, oldMs = tonumber(createdMs), tonumber(h[2])
  local newN, oldN = tonumber(number), tonumber(h[3])
  if newMs and oldMs and newMs ~= oldMs then
    if newMs < oldMs then cmp = -1 end
  elseif newN and oldN and newN ~= oldN then
    if newN < oldN then cmp = -1 end
  end
  if cmp < 0 then
    record('stale'); touch()
    return {'stale', h[4], h[5], h[6], vk}
  end
  setLatest(target); addSubscribers(); record('newer'); touch()
  return {'newer', h[4], h[5], h[6], vk}
end
local out = {}
local a = 3
for i = 1, #KEYS, 3 do
  local n = tonumber(ARGV[a + 7])
  local subs = {}
  for j = 1, n do subs[j] = ARGV[a + 7 + j] end
  out[#out + 1] = decide(KEYS[i], KEYS[i + 1], KEYS[i + 2], ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4] == '1', ARGV[a + 5], ARGV[a + 6], subs)
  a = a + 8 + n
end
return out
`;

// Moves the latest version from one state to another (embargo release, review approval), only
// while it is still the latest and not killed. Re-running it for a version already moved answers
// 'ok' again, so a crashed release can resume.
const TRANSITION = `
local h = redis.call('HMGET', KEYS[1], 'versionKey', 'state')
if not h[1] then return 'gone' end
if h[1] ~= ARGV[1] then return 'superseded' end
if h[2] == 'killed' then return 'killed' end
local function addSubscribers()
  if ARGV[3] == 'publishing' and #ARGV > 3 then
    redis.call('SADD', KEYS[2], unpack(ARGV, 4))
    local ttl = redis.call('TTL', KEYS[1])
    if ttl > 0 then redis.call('EXPIRE', KEYS[2], ttl) end
  end
end
if h[2] == ARGV[3] then
  addSubscribers()
  return 'ok'
end
local allowed = false
for s in string.gmatch(ARGV[2], '[^,]+') do if s == h[2] then allowed = true end end
if not allowed then return 'refused:' .. h[2] end
redis.call('HSET', KEYS[1], 'state', ARGV[3], 'delivered', '0')
addSubscribers()
return 'ok'
`;

// Marks the latest version's delivery complete, unless a newer version replaced it meanwhile;
// for each story key in KEYS, the version key at the same place in ARGV. Answers how many it marked.
const MARK_DELIVERED = `
local marked = 0
for i = 1, #KEYS do
  if redis.call('HGET', KEYS[i], 'versionKey') == ARGV[i] then
    redis.call('HSET', KEYS[i], 'delivered', '1')
    marked = marked + 1
  end
end
return marked
`;

// Kills the latest version whatever its state (an editor's kill), returning who had the story.
const KILL = `
local h = redis.call('HMGET', KEYS[1], 'versionKey', 'state')
if not h[1] then return {'gone', '', ''} end
local out = {'ok', h[2], h[1]}
if h[2] == 'killed' then out[1] = 'already' else redis.call('HSET', KEYS[1], 'state', 'killed', 'delivered', '0') end
for _, s in ipairs(redis.call('SMEMBERS', KEYS[2])) do out[#out + 1] = s end
return out
`;

type ScriptRedis = RedisConnection & {
  wdDecide(numKeys: number, ...keysAndArgs: string[]): Promise<string[][]>;
  wdTransition(k1: string, k2: string, ...args: string[]): Promise<string>;
  wdMarkDelivered(numKeys: number, ...keysAndArgs: string[]): Promise<number>;
  wdKill(k1: string, k2: string): Promise<string[]>;
};

function defineScripts(redis: RedisConnection): ScriptRedis {
  const r = redis as ScriptRedis;
  if (typeof r.wdDecide !== 'function') {
    // (No numberOfKeys: the batch scripts take a key count first, as EVALSHA does.)
    redis.defineCommand('wdDecide', { lua: DECIDE });
    redis.defineCommand('wdTransition', { numberOfKeys: 2, lua: TRANSITION });
    redis.defineCommand('wdMarkDelivered', { lua: MARK_DELIVERED });
    redis.defineCommand('wdKill', { numberOfKeys: 2, lua: KILL });
  }
  return r;
}

export type TransitionResult = 'ok' | 'gone' | 'superseded' | 'killed' | `refused:${string}`;

/**
 * The story store: per story id, the latest version (hash, order key, state, whether its delivery
 * completed), the subscribers that received it, and the version history, all expiring after the
 * configured retention. Every decision is one Lua script, so two workers deciding on versions of
 * the same story at once are serialized by Redis.
 */
export class StoryStore {
  private readonly redis: ScriptRedis;
  constructor(redis: RedisConnection, private readonly keys: RedisKeys, private readonly retentionSeconds: number) {
    this.redis = defineScripts(redis);
  }

  async decide(article: Article, target: Exclude<StoryState, 'killed'>, subscribers: string[], opts: { feed?: string | null; now?: Date } = {}): Promise<Decision> {
    return (await this.decideMany([{ article, target, subscribers, ...opts }]))[0]!;
  }

  /**
   * Decisions on several stories in one call, each decision as it would be alone. The stories must
   * be distinct. On a single server they are decided by one script; on a Redis Cluster by one
   * script per hash slot (a story's keys share the tag `{<id>}`, so a script never touches two
   * slots), all sent at once.
   */
  async decideMany(requests: Array<{ article: Article; target: Exclude<StoryState, 'killed'>; subscribers: string[]; feed?: string | null; now?: Date }>): Promise<Decision[]> {
    if (requests.length === 0) return [];
    const nowMs = String((requests[0]!.now ?? new Date()).getTime());
    const calls = requests.map(({ article, target, subscribers, feed, now: at }) => {
      const order = versionOrderKey(article);
      const versionKey = versionKeyOf(article);
      const id = article.id;
      // The history entry without its closing brace: the script adds the outcome and the version key.
      const entry = JSON.stringify({
        version: article.version,
        versionCreated: article.versionCreated,
        contentHash: article.contentHash,
        arrivedAt: (at ?? new Date()).toISOString(),
        feed: feed ?? article.provenance.feed,
      } satisfies Omit<HistoryEntry, 'outcome' | 'versionKey'>).slice(0, -1);
      return {
        versionKey,
        keys: [this.keys.story(id), this.keys.storyHistory(id), this.keys.storySubscribers(id)],
        args: [
          article.contentHash, order.createdMs === null ? '' : String(order.createdMs), order.number === null ? '' : String(order.number),
          versionKey, isKill(article) ? '1' : '0', target, entry, String(subscribers.length), ...subscribers,
        ],
      };
    });
    const results: string[][] = new Array<string[]>(calls.length);
    await Promise.all(groupBySlot(this.redis, calls, (c) => c.keys[0]!).map(async (g) => {
      const keys = g.items.flatMap((c) => c.keys);
      const args = [String(this.retentionSeconds), nowMs, ...g.items.flatMap((c) => c.args)];
      const out = await this.redis.wdDecide(keys.length, ...keys, ...args);
      g.indexes.forEach((at, j) => { results[at] = out[j]!; });
    }));
    const versionKeys = calls.map((c) => c.versionKey);
    return results.map((res, i) => {
      const [kind, prevKey, prevState, delivered, versionKey, ...subs] = res;
      return {
        kind: kind as DecisionKind,
        versionKey: versionKey ?? versionKeys[i]!,
        previousVersionKey: prevKey || null,
        previousState: (prevState || null) as StoryState | null,
        delivered: delivered === '1',
        subscribers: subs,
      };
    });
  }

  async transition(id: string, versionKey: string, from: StoryState[], to: Exclude<StoryState, 'killed'>, subscribers: string[] = []): Promise<TransitionResult> {
    return await this.redis.wdTransition(this.keys.story(id), this.keys.storySubscribers(id), versionKey, from.join(','), to, ...subscribers) as TransitionResult;
  }

  async markDelivered(id: string, versionKey: string): Promise<boolean> {
    return (await this.redis.wdMarkDelivered(1, this.keys.story(id), versionKey)) === 1;
  }

  /** markDelivered for several stories in one call (on a cluster, one script per hash slot). */
  async markDeliveredMany(marks: Array<{ id: string; versionKey: string }>): Promise<void> {
    if (marks.length === 0) return;
    await Promise.all(groupBySlot(this.redis, marks, (m) => this.keys.story(m.id)).map((g) =>
      this.redis.wdMarkDelivered(g.items.length, ...g.items.map((m) => this.keys.story(m.id)), ...g.items.map((m) => m.versionKey))));
  }

  /**
   * An editor's kill of the latest version: who had the story, and the state it was in. Killing
   * again answers `already` with the same subscribers, so an interrupted kill can resume.
   */
  async kill(id: string): Promise<{ result: 'ok' | 'gone' | 'already'; previousState: StoryState | null; versionKey: string | null; subscribers: string[] }> {
    const [result, prevState, versionKey, ...subs] = await this.redis.wdKill(this.keys.story(id), this.keys.storySubscribers(id));
    return { result: result as 'ok' | 'gone' | 'already', previousState: (prevState || null) as StoryState | null, versionKey: versionKey || null, subscribers: subs };
  }

  async latest(id: string): Promise<LatestVersion | null> {
    const h = await this.redis.hgetall(this.keys.story(id));
    if (!h.versionKey) return null;
    return { versionKey: h.versionKey, contentHash: h.contentHash ?? '', state: h.state as StoryState, delivered: h.delivered === '1' };
  }

  async history(id: string): Promise<HistoryEntry[]> {
    return (await this.redis.lrange(this.keys.storyHistory(id), 0, -1)).map((s) => JSON.parse(s) as HistoryEntry);
  }

  async subscribersOf(id: string): Promise<string[]> {
    return (await this.redis.smembers(this.keys.storySubscribers(id))).sort();
  }
}
