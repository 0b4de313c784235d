import type { Redis } from 'ioredis';
import type { Article } from '../model/article.generated.js';
import type { RedisKeys } from '../queue/redis-keys.js';
import { isKill, versionKeyOf, versionOrderKey } from './version-order.js';

/**
 * Where a new version goes once the store has accepted it: straight to subscribers, into the
 * review state, or held as an embargo. `killed` is a kill that reached the store.
 */
export type StoryState = 'publishing' | 'review' | 'embargoed' | 'killed';

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

// The decision, atomically per story. The version order mirrors compareVersionOrder() in
// version-order.ts: creation instant, then numeric version, then arrival (the later wins).
// A kill is final: anything after it is stale. Duplicates are not recorded in the history.
const DECIDE = `
local h = redis.call('HMGET', KEYS[1], 'contentHash', 'createdMs', 'number', 'versionKey', 'state', 'delivered')
local ttl = tonumber(ARGV[7])
local vk = ARGV[4]
local function touch()
  redis.call('EXPIRE', KEYS[1], ttl)
  redis.call('EXPIRE', KEYS[2], ttl)
  if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('EXPIRE', KEYS[3], ttl) end
end
local function record(outcome)
  local e = cjson.decode(ARGV[8])
  e['outcome'] = outcome
  e['versionKey'] = vk
  redis.call('RPUSH', KEYS[2], cjson.encode(e))
  redis.call('LTRIM', KEYS[2], -200, -1)
end
local function setLatest(state)
  redis.call('HSET', KEYS[1], 'contentHash', ARGV[1], 'createdMs', ARGV[2], 'number', ARGV[3], 'versionKey', vk, 'state', state, 'delivered', '0', 'updatedMs', ARGV[9])
end
local function addSubscribers()
  if ARGV[6] == 'publishing' and #ARGV > 9 then
    redis.call('SADD', KEYS[3], unpack(ARGV, 10))
  end
end
local isKill = ARGV[5] == '1'
if not h[1] then
  if isKill then
    setLatest('killed'); record('kill'); touch()
    return {'kill', '', '', '0', vk}
  end
  setLatest(ARGV[6]); addSubscribers(); record('new'); touch()
  return {'new', '', '', '0', vk}
end
local prev = {h[4], h[5], h[6]}
if h[1] == ARGV[1] then
  local out = {'duplicate', prev[1], prev[2], prev[3], prev[1]}
  for _, s in ipairs(redis.call('SMEMBERS', KEYS[3])) do out[#out + 1] = s end
  return out
end
-- Different content under the version key already stored (a provider re-sent a version with
-- changes): the new content gets its own key, so its job ids cannot collide with the old ones.
if vk == h[4] then vk = vk .. '~' .. string.sub(ARGV[1], 8, 19) end
if h[5] == 'killed' then
  record('stale'); touch()
  return {'stale', prev[1], prev[2], prev[3], vk}
end
if isKill then
  setLatest('killed'); record('kill'); touch()
  local out = {'kill', prev[1], prev[2], prev[3], vk}
  for _, s in ipairs(redis.call('SMEMBERS', KEYS[3])) do out[#out + 1] = s end
  return out
end
local cmp = 1
local newMs, oldMs = tonumber(ARGV[2]), tonumber(h[2])
local newN, oldN = tonumber(ARGV[3]), tonumber(h[3])
if newMs and oldMs and newMs ~= oldMs then
  if newMs < oldMs then cmp = -1 end
elseif newN and oldN and newN ~= oldN then
  if newN < oldN then cmp = -1 end
end
if cmp < 0 then
  record('stale'); touch()
  return {'stale', prev[1], prev[2], prev[3], vk}
end
setLatest(ARGV[6]); addSubscribers(); record('newer'); touch()
return {'newer', prev[1], prev[2], prev[3], vk}
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

// Marks the latest version's delivery complete, unless a newer version replaced it meanwhile.
const MARK_DELIVERED = `
if redis.call('HGET', KEYS[1], 'versionKey') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'delivered', '1')
  return 1
end
return 0
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

type ScriptRedis = Redis & {
  wdDecide(k1: string, k2: string, k3: string, ...args: string[]): Promise<string[]>;
  wdTransition(k1: string, k2: string, ...args: string[]): Promise<string>;
  wdMarkDelivered(k1: string, versionKey: string): Promise<number>;
  wdKill(k1: string, k2: string): Promise<string[]>;
};

function defineScripts(redis: Redis): ScriptRedis {
  const r = redis as ScriptRedis;
  if (typeof r.wdDecide !== 'function') {
    redis.defineCommand('wdDecide', { numberOfKeys: 3, lua: DECIDE });
    redis.defineCommand('wdTransition', { numberOfKeys: 2, lua: TRANSITION });
    redis.defineCommand('wdMarkDelivered', { numberOfKeys: 1, lua: MARK_DELIVERED });
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
  constructor(redis: Redis, private readonly keys: RedisKeys, private readonly retentionSeconds: number) {
    this.redis = defineScripts(redis);
  }

  async decide(article: Article, target: Exclude<StoryState, 'killed'>, subscribers: string[], opts: { feed?: string | null; now?: Date } = {}): Promise<Decision> {
    return (await this.decideMany([{ article, target, subscribers, ...opts }]))[0]!;
  }

  /**
   * Decisions on several stories in one round trip (a pipeline of the same script): a document's
   * stories are decided together. The stories must be distinct; each decision is still atomic.
   */
  async decideMany(requests: Array<{ article: Article; target: Exclude<StoryState, 'killed'>; subscribers: string[]; feed?: string | null; now?: Date }>): Promise<Decision[]> {
    if (requests.length === 0) return [];
    const pipe = this.redis.pipeline() as unknown as { wdDecide(...args: string[]): void; exec(): Promise<Array<[Error | null, unknown]> | null> };
    const entries = requests.map(({ article, target, subscribers, feed, now: at }) => {
      const order = versionOrderKey(article);
      const now = at ?? new Date();
      const entry: Omit<HistoryEntry, 'outcome'> = {
        versionKey: versionKeyOf(article),
        version: article.version,
        versionCreated: article.versionCreated,
        contentHash: article.contentHash,
        arrivedAt: now.toISOString(),
        feed: feed ?? article.provenance.feed,
      };
      const id = article.id;
      pipe.wdDecide(
        this.keys.story(id), this.keys.storyHistory(id), this.keys.storySubscribers(id),
        article.contentHash, order.createdMs === null ? '' : String(order.createdMs), order.number === null ? '' : String(order.number),
        entry.versionKey, isKill(article) ? '1' : '0', target, String(this.retentionSeconds), JSON.stringify(entry), String(now.getTime()),
        ...subscribers,
      );
      return entry;
    });
    const results = await pipe.exec();
    if (!results) throw new Error('story store: pipeline aborted');
    return results.map(([err, res], i) => {
      if (err) throw err;
      const [kind, prevKey, prevState, delivered, versionKey, ...subs] = res as string[];
      return {
        kind: kind as DecisionKind,
        versionKey: versionKey ?? entries[i]!.versionKey,
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
    return (await this.redis.wdMarkDelivered(this.keys.story(id), versionKey)) === 1;
  }

  /** markDelivered for several stories in one round trip. */
  async markDeliveredMany(marks: Array<{ id: string; versionKey: string }>): Promise<void> {
    if (marks.length === 0) return;
    if (marks.length === 1) {
      await this.markDelivered(marks[0]!.id, marks[0]!.versionKey);
      return;
    }
    const pipe = this.redis.pipeline() as unknown as { wdMarkDelivered(k: string, v: string): void; exec(): Promise<Array<[Error | null, unknown]> | null> };
    for (const m of marks) pipe.wdMarkDelivered(this.keys.story(m.id), m.versionKey);
    const results = await pipe.exec();
    if (!results) throw new Error('story store: pipeline aborted');
    for (const [err] of results) if (err) throw err;
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
