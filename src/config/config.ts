import { readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { parseDocument } from 'yaml';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { WiredeskError } from '../errors.js';
import { packagePath } from '../package-info.js';
import { DEFAULT_PREFIX } from '../queue/contract.js';
import type { ReviewCondition, ReviewRule } from '../review/review-rules.js';
import { DELIVERY_DEFAULTS, type DeliveryConfig } from '../queue/delivery.js';
import type { OutputFormat } from '../export/render.js';
import { clusterTarget, isClusterTarget, parseRedisTarget } from '../queue/redis-connection.js';

/**
 * The worker's configuration: one YAML file validated by schemas/config.schema.json, secrets
 * resolved from the environment variables it names. `loadConfig` refuses a bad file with every
 * problem listed by path, before anything connects anywhere.
 *
 * String values may name environment variables the way shell and compose files do: `${VAR}`,
 * `${VAR:-default}` (the default when VAR is unset or empty), `${VAR:?message}` (a problem when
 * unset), and `$${` for a literal `${`. Substitution happens on the parsed values, never on the
 * YAML text, so a variable's value cannot change the file's structure.
 */

export type Routing = 'publish' | 'review' | 'drop';

export interface Filters {
  subjects?: string[];
  keywords?: string[];
  languages?: string[];
}

/** Request headers a feed's credentials add, already resolved from the environment. */
export type AuthHeaders = Record<string, string>;

interface FeedBase {
  id: string;
  format?: string;
  routing: Routing;
  filters?: Filters;
}

export interface PolledFeed extends FeedBase {
  kind: 'http' | 'cursor';
  url: string;
  pollIntervalSeconds: number;
  timeoutSeconds: number;
  maxBytes: number;
  maxPagesPerPoll: number;
  authHeaders: AuthHeaders;
  /** Hosts besides the URL's origin that redirects and next pages may go to (no credentials). */
  allowHosts?: string[];
  /** Loopback, link-local and private addresses may be fetched. */
  allowPrivateNetwork?: boolean;
  /** A commercial agency API polled by src/sources/agency-api.ts instead of plain pages (kind cursor). */
  api?: AgencyApi;
}

/** The three agency API shapes (docs/worker.md, "Agency APIs"), secrets resolved from the environment. */
export interface AgencyApi {
  type: 'reuters-graphql' | 'ap-media' | 'afp';
  /** OAuth2 client-credentials token endpoint (reuters-graphql, afp). */
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  /** Extra token request fields (Reuters' `audience`, a `scope`). */
  audience?: string;
  scope?: string;
  /** ap-media: the API key and the header it goes in (default x-api-key). */
  apiKey?: string;
  apiKeyHeader?: string;
  /** ap-media: `include` / `exclude` query parameters. */
  include?: string[];
  exclude?: string[];
  /** reuters-graphql: the search filter; afp: the query text. */
  query?: string;
  /** afp: search language filter. */
  lang?: string[];
  pageSize: number;
  /** Rendition preference: names (AP `nitf`, Reuters codes) or media types, first found wins. */
  renditions: string[];
  /** afp: the per-item download path on the API origin, `{uno}` replaced (default /v1/api/get/{uno}). */
  downloadPath?: string;
  /** Longest Retry-After honoured, seconds (default 900). */
  maxRetryAfterSeconds: number;
}

export interface FolderFeed extends FeedBase {
  kind: 'folder';
  folder: string;
  pollIntervalSeconds: number;
  maxBytes: number;
  /** Files in done/ and error/ older than this many days are deleted. */
  doneRetentionDays?: number;
}

export interface WebhookFeed extends FeedBase {
  kind: 'webhook';
  secret: string;
  signatureHeader: string;
  /** 'timestamped' (default): HMAC of `<timestamp>.<body>`; 'legacy-body': HMAC of the body alone. */
  signatureScheme?: 'timestamped' | 'legacy-body';
  replayWindowSeconds?: number;
  /** Largest body accepted, bytes (default 5 MB). */
  maxBytes?: number;
  /** The only charset a Content-Type may name (default utf-8). */
  charset?: string;
}

/**
 * An FTP/FTPS or SFTP folder polled for files (src/sources/remote-folder.ts): credentials already
 * resolved from the environment (sent only to `host`).
 */
export interface RemoteFeed extends FeedBase {
  kind: 'ftp' | 'sftp';
  host: string;
  port: number;
  /** The remote folder listed (absolute). */
  path: string;
  /** Where `after: move` puts taken files (absolute). */
  doneFolder: string;
  after: 'move' | 'delete';
  user: string;
  password?: string;
  /** sftp: the private key's text, and its passphrase. */
  privateKey?: string;
  passphrase?: string;
  /** sftp: the expected host key fingerprint (`SHA256:<base64>`). */
  hostKeySha256?: string;
  /** ftp: FTPS mode. */
  tls?: 'none' | 'explicit' | 'implicit';
  /** ftp: a PEM file of the CA (or self-signed certificate) to trust. */
  tlsCaFile?: string;
  pollIntervalSeconds: number;
  timeoutSeconds: number;
  maxBytes: number;
  settleSeconds: number;
  maxFilesPerPoll: number;
}

/**
 * An IMAP mailbox folder polled for messages (src/sources/imap.ts), each enqueued whole for the
 * email format: credentials already resolved from the environment (sent only to `host`).
 */
export interface ImapFeed extends FeedBase {
  kind: 'imap';
  host: string;
  port: number;
  /** implicit: IMAPS; starttls: STARTTLS required; none: plain (loopback, or allowInsecure). */
  tls: 'implicit' | 'starttls' | 'none';
  tlsCaFile?: string;
  user: string;
  password: string;
  mailbox: string;
  after: 'seen' | 'move';
  /** The folder `after: move` moves messages to. */
  moveTo: string;
  pollIntervalSeconds: number;
  timeoutSeconds: number;
  maxBytes: number;
  maxMessagesPerPoll: number;
}

export type FeedConfig = PolledFeed | FolderFeed | WebhookFeed | RemoteFeed | ImapFeed;

export type Role = 'editor' | 'viewer';

export interface WorkerConfig {
  redisUrl: string;
  prefix: string;
  listen: { host: string; port: number };
  bodyLimitBytes: number;
  concurrency: number;
  /** Deadline of one raw item's parse, seconds (0: parse on the main thread, no deadline). */
  parseTimeoutSeconds?: number;
  retentionSeconds: number;
  /** Dead-letter retention: age and count. */
  deadLetters?: { maxAgeDays: number; maxCount: number };
  /** Bearer token -> role, resolved from the environment. */
  tokens: Map<string, Role>;
  /** Bearer token -> who holds it (the token entry's `name`, else `token:<env>`), for the audit trail. */
  tokenHolders?: Map<string, string>;
  feeds: FeedConfig[];
  subscribers: Array<{ name: string; filter?: Filters; deliver?: DeliveryConfig }>;
  /** The editors' desk, when enabled. */
  desk?: DeskConfig;
  /** Named review rules (`review.rules`), each with its id defaulted to its condition. */
  review?: { rules: ReviewRule[] };
  /** How long an HTTP endpoint waits for Redis (`redis.timeoutSeconds`; default 1). */
  redisTimeoutSeconds?: number;
  /** How often `redis still down` is logged while Redis is away (`redis.downLogIntervalSeconds`; default 30). */
  redisDownLogSeconds?: number;
}

export interface DeskConfig {
  usersFile: string;
  path: string;
  sessionIdleSeconds: number;
  secureCookies: boolean | 'auto';
  /** The configured review rules' ids and names (the queue's Reason filter). */
  reviewRules?: Array<{ id: string; name: string }>;
}

// What the YAML holds, as the schema describes it (secrets by env name).
interface RawCredentials {
  type: 'basic' | 'bearer' | 'header';
  usernameEnv?: string;
  passwordEnv?: string;
  tokenEnv?: string;
  header?: string;
  valueEnv?: string;
}
interface RawApi {
  type: AgencyApi['type'];
  tokenUrl?: string;
  clientIdEnv?: string;
  clientSecretEnv?: string;
  audience?: string;
  scope?: string;
  apiKeyEnv?: string;
  apiKeyHeader?: string;
  include?: string[];
  exclude?: string[];
  query?: string;
  lang?: string[];
  pageSize?: number;
  renditions?: string[];
  downloadPath?: string;
  maxRetryAfterSeconds?: number;
}
interface RawFeed {
  id: string;
  kind: FeedConfig['kind'];
  format?: string;
  routing?: Routing;
  filters?: Filters;
  url?: string;
  folder?: string;
  pollIntervalSeconds?: number;
  doneRetentionDays?: number;
  timeoutSeconds?: number;
  maxBytes?: number;
  maxPagesPerPoll?: number;
  credentials?: RawCredentials;
  allowHosts?: string[];
  allowPrivateNetwork?: boolean;
  api?: RawApi;
  secretEnv?: string;
  signatureHeader?: string;
  signatureScheme?: 'timestamped' | 'legacy-body';
  replayWindowSeconds?: number;
  charset?: string;
  // ftp / sftp
  host?: string;
  port?: number;
  path?: string;
  usernameEnv?: string;
  passwordEnv?: string;
  privateKeyEnv?: string;
  passphraseEnv?: string;
  hostKeySha256?: string;
  tls?: 'none' | 'explicit' | 'implicit' | 'starttls';
  tlsCaFile?: string;
  // imap
  allowInsecure?: boolean;
  mailbox?: string;
  maxMessagesPerPoll?: number;
  moveTo?: string;
  settleSeconds?: number;
  maxFilesPerPoll?: number;
  after?: 'move' | 'delete' | 'seen';
  doneFolder?: string;
}
interface RawConfig {
  redis?: { url?: string; cluster?: string[]; prefix?: string; timeoutSeconds?: number; downLogIntervalSeconds?: number };
  http?: { listen?: string; bodyLimitBytes?: number };
  concurrency?: number;
  parseTimeoutSeconds?: number;
  retentionSeconds?: number;
  deadLetters?: { maxAgeDays?: number; maxCount?: number };
  auth?: { tokens?: Array<{ env: string; role: Role; name?: string }> };
  desk?: { enabled?: boolean; usersFile: string; path?: string; sessionIdleMinutes?: number; secureCookies?: boolean | 'auto' };
  feeds: RawFeed[];
  subscribers?: Array<{ name: string; filter?: Filters; deliver?: RawDeliver }>;
  review?: { rules?: Array<{ id?: string; name: string; when: ReviewCondition; feeds?: string[] }> };
}
interface RawDeliver {
  type: 'webhook' | 'folder';
  format?: OutputFormat;
  url?: string;
  secretEnv?: string;
  signatureHeader?: string;
  timeoutSeconds?: number;
  folder?: string;
  attempts?: number;
  backoffSeconds?: number;
  maxBackoffSeconds?: number;
}

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (a: Ajv2020) => Ajv2020;

let compiled: ReturnType<Ajv2020['compile']> | null = null;
function validator(): ReturnType<Ajv2020['compile']> {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(packagePath('schemas', 'config.schema.json'), 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** One problem found in a config, with the JSON pointer of where it is. */
export interface ConfigProblem {
  path: string;
  message: string;
  /** Set when the problem is only that this secret's environment variable is unset. */
  unsetEnv?: string;
}

/** Shortest webhook secret or review token accepted: 16 characters (128 bits when random hex or base64 is used). */
export const MIN_SECRET_LENGTH = 16;

/** Query parameters that carry credentials when they appear in a feed URL. */
const SECRET_QUERY = new Set(['key', 'apikey', 'api_key', 'api-key', 'token', 'access_token', 'auth', 'secret', 'password', 'passwd', 'pwd', 'sig', 'signature', 'client_secret']);

export class ConfigError extends WiredeskError {
  readonly problems: ConfigProblem[];
  constructor(file: string, problems: ConfigProblem[]) {
    super('WIREDESK_ERR_CONFIG_INVALID', `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`, { input: file });
    this.problems = problems;
  }
}

function describeAjvError(e: ErrorObject): ConfigProblem {
  const p = e.params as Record<string, unknown>;
  let path = e.instancePath || '/';
  let message = e.message ?? 'is invalid';
  if (e.keyword === 'required') {
    path = `${e.instancePath}/${String(p.missingProperty)}`;
    message = 'is required';
  } else if (e.keyword === 'unevaluatedProperties' || e.keyword === 'additionalProperties') {
    const key = String(p.unevaluatedProperty ?? p.additionalProperty);
    path = `${e.instancePath}/${key}`;
    message = 'is not a known setting here';
  } else if (e.keyword === 'enum') {
    message = `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return { path, message };
}

/** Validates a parsed config object; returns the problems (empty when it is valid). */
export function configProblems(doc: unknown, env: NodeJS.ProcessEnv = process.env): ConfigProblem[] {
  const validate = validator();
  const problems: ConfigProblem[] = [];
  if (!validate(doc)) {
    const seen = new Set<string>();
    for (const e of validate.errors ?? []) {
      // if/then failures only restate what their own sub-errors already say.
      if (e.keyword === 'if') continue;
      const pr = describeAjvError(e);
      const key = `${pr.path} ${pr.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(pr);
      }
    }
  }
  // The checks below look past the schema (environment, uniqueness); they run on an invalid
  // document too, defensively, so one start lists every problem at once.
  const raw = (typeof doc === 'object' && doc !== null ? doc : {}) as Partial<RawConfig>;
  const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]).filter((x) => typeof x === 'object' && x !== null) : []);
  const needEnv = (path: string, name: string | undefined): void => {
    if (typeof name === 'string' && !env[name]) problems.push({ path, message: `environment variable ${name} is not set`, unsetEnv: name });
  };
  const shortSecret = (path: string, name: string | undefined, what: string): void => {
    const value = typeof name === 'string' ? env[name] : undefined;
    if (value && value.length < MIN_SECRET_LENGTH) problems.push({ path, message: `${what} in ${name} is ${value.length} characters long; use at least ${MIN_SECRET_LENGTH} (random)` });
  };
  const ids = new Map<string, number>();
  list<RawFeed>(raw.feeds).forEach((f, i) => {
    const before = ids.get(f.id);
    if (typeof f.id !== 'string') return;
    if (before !== undefined) problems.push({ path: `/feeds/${i}/id`, message: `"${f.id}" is already the id of /feeds/${before}` });
    else ids.set(f.id, i);
    const c = f.credentials;
    if (typeof c === 'object' && c !== null) {
      needEnv(`/feeds/${i}/credentials/usernameEnv`, c.usernameEnv);
      needEnv(`/feeds/${i}/credentials/passwordEnv`, c.passwordEnv);
      needEnv(`/feeds/${i}/credentials/tokenEnv`, c.tokenEnv);
      needEnv(`/feeds/${i}/credentials/valueEnv`, c.valueEnv);
    }
    needEnv(`/feeds/${i}/secretEnv`, f.secretEnv);
    if (f.kind === 'imap') {
      for (const k of ['usernameEnv', 'passwordEnv'] as const) needEnv(`/feeds/${i}/${k}`, f[k]);
      if (f.tls === 'none' && !f.allowInsecure && !isLoopbackHost(f.host)) problems.push({ path: `/feeds/${i}/tls`, message: 'plain IMAP (tls: none) sends the password and the mail unencrypted: only to a loopback address, or with allowInsecure: true' });
    }
    const a = f.api;
    if (typeof a === 'object' && a !== null) {
      if (f.kind !== 'cursor') problems.push({ path: `/feeds/${i}/api`, message: 'an agency api belongs on a cursor feed' });
      for (const k of ['clientIdEnv', 'clientSecretEnv', 'apiKeyEnv'] as const) needEnv(`/feeds/${i}/api/${k}`, a[k]);
      if (a.type === 'ap-media' && !a.apiKeyEnv) problems.push({ path: `/feeds/${i}/api/apiKeyEnv`, message: 'an ap-media api needs apiKeyEnv' });
      if (a.type !== 'ap-media' && (!a.tokenUrl || !a.clientIdEnv || !a.clientSecretEnv)) problems.push({ path: `/feeds/${i}/api`, message: `a ${a.type} api needs tokenUrl, clientIdEnv and clientSecretEnv` });
    }
    if (f.kind === 'ftp' || f.kind === 'sftp') {
      if (f.kind === 'sftp' && !f.passwordEnv && !f.privateKeyEnv) problems.push({ path: `/feeds/${i}/passwordEnv`, message: 'an sftp feed needs passwordEnv or privateKeyEnv (or both)' });
      for (const k of ['usernameEnv', 'passwordEnv', 'privateKeyEnv', 'passphraseEnv'] as const) needEnv(`/feeds/${i}/${k}`, f[k]);
    }
    shortSecret(`/feeds/${i}/secretEnv`, f.secretEnv, 'the webhook secret');
    if (typeof f.url === 'string') {
      try {
        const u = new URL(f.url);
        if (u.username || u.password) problems.push({ path: `/feeds/${i}/url`, message: 'credentials in the URL are refused (they would be logged and sent on redirects): use credentials with an environment variable' });
      } catch {
        // The schema reports a URL that does not parse.
      }
    }
  });
  const names = new Map<string, number>();
  list<{ name: string; deliver?: RawDeliver }>(raw.subscribers).forEach((s, i) => {
    const need = (field: keyof RawDeliver): void => {
      if (s.deliver && s.deliver[field] === undefined) problems.push({ path: `/subscribers/${i}/deliver`, message: `a ${s.deliver.type} delivery needs ${field}` });
    };
    if (s.deliver?.type === 'folder') need('folder');
    if (s.deliver?.type === 'webhook') {
      need('url');
      need('secretEnv');
      needEnv(`/subscribers/${i}/deliver/secretEnv`, s.deliver.secretEnv);
      shortSecret(`/subscribers/${i}/deliver/secretEnv`, s.deliver.secretEnv, 'the webhook secret');
      if (typeof s.deliver.url === 'string' && /^https?:\/\/[^/]*@/i.test(s.deliver.url)) problems.push({ path: `/subscribers/${i}/deliver/url`, message: 'credentials in the URL are refused (they would be logged): the signature authenticates the delivery' });
    }
    const before = names.get(s.name);
    if (before !== undefined) problems.push({ path: `/subscribers/${i}/name`, message: `"${s.name}" is already the name of /subscribers/${before}` });
    else names.set(s.name, i);
  });
  const ruleIds = new Map<string, number>();
  list<{ id?: string; when?: string; feeds?: unknown }>(raw.review?.rules).forEach((r, i) => {
    const id = r.id ?? r.when;
    if (typeof id === 'string') {
      const before = ruleIds.get(id);
      if (before !== undefined) problems.push({ path: `/review/rules/${i}${r.id ? '/id' : '/when'}`, message: `"${id}" is already the id of /review/rules/${before}: give one of them an id of its own` });
      else ruleIds.set(id, i);
    }
    if (Array.isArray(r.feeds)) {
      r.feeds.forEach((f, k) => {
        if (typeof f === 'string' && !ids.has(f)) problems.push({ path: `/review/rules/${i}/feeds/${k}`, message: `"${f}" is not the id of a configured feed` });
      });
    }
  });
  const tokenAt = new Map<string, number>();
  list<{ env: string }>(raw.auth?.tokens).forEach((t, i) => {
    needEnv(`/auth/tokens/${i}/env`, t.env);
    shortSecret(`/auth/tokens/${i}/env`, t.env, 'the token');
    const value = typeof t.env === 'string' ? env[t.env] : undefined;
    if (!value) return;
    const before = tokenAt.get(value);
    if (before !== undefined) problems.push({ path: `/auth/tokens/${i}/env`, message: `holds the same token as /auth/tokens/${before}: every person and role needs a token of its own` });
    else tokenAt.set(value, i);
  });
  // The Redis target: one URL, or a cluster's seeds (src/queue/redis-connection.ts), from the
  // environment or the file; a cluster refuses a prefix with braces (its hash tags are wiredesk's).
  const unreadable = (path: string, what: string, v: string): void => {
    if (v.includes('${')) return;
    try {
      parseRedisTarget(v);
    } catch (e) {
      problems.push({ path, message: `${what}: ${(e as Error).message.replace(/^[^:]*: Redis target: /, '')}` });
    }
  };
  for (const name of ['WIREDESK_REDIS_URL', 'REDIS_URL']) {
    const v = env[name];
    if (v !== undefined && v !== '') unreadable('/redis/url', `${name} in the environment`, v);
  }
  const redisSection = typeof raw.redis === 'object' && raw.redis !== null ? raw.redis : {};
  if (typeof redisSection.url === 'string') unreadable('/redis/url', 'redis.url', redisSection.url);
  const seeds = Array.isArray(redisSection.cluster) ? redisSection.cluster.filter((x): x is string => typeof x === 'string') : null;
  if (redisSection.url !== undefined && redisSection.cluster !== undefined) problems.push({ path: '/redis/cluster', message: 'give redis.url or redis.cluster, not both' });
  else if (seeds?.length && !seeds.some((x) => x.includes('${'))) unreadable('/redis/cluster', 'redis.cluster', seeds.join(','));
  const target = env.WIREDESK_REDIS_URL || env.REDIS_URL || redisSection.url || (seeds?.length ? seedsTarget(seeds) : '');
  const prefix = env.WIREDESK_PREFIX || redisSection.prefix || DEFAULT_PREFIX;
  if (isClusterTarget(target) && /[{}]/.test(prefix)) problems.push({ path: '/redis/prefix', message: `WIREDESK_ERR_REDIS_CLUSTER_PREFIX the prefix "${prefix}" contains a brace; on a Redis Cluster wiredesk adds the hash tags itself (docs/redis-keys.md): use a prefix without { }` });
  if (env.WIREDESK_PREFIX && !/^[A-Za-z0-9_.{}-]+$/.test(env.WIREDESK_PREFIX)) problems.push({ path: '/redis/prefix', message: 'WIREDESK_PREFIX in the environment may hold only letters, digits, _ . - { }' });
  const pt = env.WIREDESK_PARSE_TIMEOUT_SECONDS;
  if (pt && !(Number(pt) >= 0 && Number(pt) <= 3600)) problems.push({ path: '/parseTimeoutSeconds', message: 'WIREDESK_PARSE_TIMEOUT_SECONDS in the environment must be a number of seconds from 0 to 3600' });
  return problems;
}

function authHeaders(c: RawCredentials | undefined, env: NodeJS.ProcessEnv): AuthHeaders {
  if (!c) return {};
  if (c.type === 'basic') return { authorization: `Basic ${Buffer.from(`${env[c.usernameEnv!]}:${env[c.passwordEnv!]}`).toString('base64')}` };
  if (c.type === 'bearer') return { authorization: `Bearer ${env[c.tokenEnv!]}` };
  return { [c.header!.toLowerCase()]: env[c.valueEnv!]! };
}

/** A subscriber's `deliver` with its defaults, the webhook secret read from the environment. */
function resolveDeliver(d: RawDeliver, env: NodeJS.ProcessEnv): DeliveryConfig {
  const common = {
    format: d.format ?? 'json',
    attempts: d.attempts ?? DELIVERY_DEFAULTS.attempts,
    backoffSeconds: d.backoffSeconds ?? DELIVERY_DEFAULTS.backoffSeconds,
    maxBackoffSeconds: d.maxBackoffSeconds ?? DELIVERY_DEFAULTS.maxBackoffSeconds,
  };
  if (d.type === 'folder') return { ...common, type: 'folder', folder: d.folder! };
  return {
    ...common,
    type: 'webhook',
    url: d.url!,
    secret: env[d.secretEnv!]!,
    signatureHeader: (d.signatureHeader ?? DELIVERY_DEFAULTS.signatureHeader).toLowerCase(),
    timeoutSeconds: d.timeoutSeconds ?? DELIVERY_DEFAULTS.timeoutSeconds,
  };
}

/** The cluster target of the config's seeds, or '' when they cannot be read (reported on their own). */
function seedsTarget(seeds: string[]): string {
  try {
    return clusterTarget(seeds);
  } catch {
    return '';
  }
}

function agencyApi(a: RawApi, env: NodeJS.ProcessEnv): AgencyApi {
  const defaults: Record<AgencyApi['type'], string[]> = {
    'reuters-graphql': ['application/vnd.iptc.g2.newsitem+xml', 'text/plain'],
    'ap-media': ['nitf', 'newsml'],
    afp: [],
  };
  return {
    type: a.type,
    ...(a.tokenUrl ? { tokenUrl: a.tokenUrl } : {}),
    ...(a.clientIdEnv ? { clientId: env[a.clientIdEnv]! } : {}),
    ...(a.clientSecretEnv ? { clientSecret: env[a.clientSecretEnv]! } : {}),
    ...(a.audience ? { audience: a.audience } : {}),
    ...(a.scope ? { scope: a.scope } : {}),
    ...(a.apiKeyEnv ? { apiKey: env[a.apiKeyEnv]!, apiKeyHeader: (a.apiKeyHeader ?? 'x-api-key').toLowerCase() } : {}),
    ...(a.include ? { include: a.include } : {}),
    ...(a.exclude ? { exclude: a.exclude } : {}),
    ...(a.query ? { query: a.query } : {}),
    ...(a.lang ? { lang: a.lang } : {}),
    ...(a.downloadPath ? { downloadPath: a.downloadPath } : {}),
    pageSize: a.pageSize ?? 50,
    renditions: a.renditions ?? defaults[a.type],
    maxRetryAfterSeconds: a.maxRetryAfterSeconds ?? 900,
  };
}

/** Turns a validated raw config into the resolved one (defaults applied, secrets read). */
function resolve(raw: RawConfig, env: NodeJS.ProcessEnv): WorkerConfig {
  const listen = raw.http?.listen ?? '0.0.0.0:8080';
  const colon = listen.lastIndexOf(':');
  const feeds = raw.feeds.map((f): FeedConfig => {
    const base = { id: f.id, routing: f.routing ?? 'publish', ...(f.format ? { format: f.format } : {}), ...(f.filters ? { filters: f.filters } : {}) };
    switch (f.kind) {
      case 'http':
      case 'cursor':
        return {
          ...base,
          kind: f.kind,
          url: f.url!,
          pollIntervalSeconds: f.pollIntervalSeconds ?? 60,
          timeoutSeconds: f.timeoutSeconds ?? 30,
          maxBytes: f.maxBytes ?? 32 * 1024 * 1024,
          maxPagesPerPoll: f.maxPagesPerPoll ?? 50,
          authHeaders: authHeaders(f.credentials, env),
          allowHosts: f.allowHosts ?? [],
          allowPrivateNetwork: f.allowPrivateNetwork ?? false,
          ...(f.api ? { api: agencyApi(f.api, env) } : {}),
        };
      case 'folder':
        return { ...base, kind: 'folder', folder: f.folder!, pollIntervalSeconds: f.pollIntervalSeconds ?? 2, maxBytes: f.maxBytes ?? 32 * 1024 * 1024, doneRetentionDays: f.doneRetentionDays ?? 7 };
      case 'ftp':
      case 'sftp': {
        const path = posix.normalize(f.path ?? '/');
        const done = f.doneFolder ?? 'done';
        return {
          ...base,
          kind: f.kind,
          host: f.host!,
          port: f.port ?? (f.kind === 'sftp' ? 22 : f.tls === 'implicit' ? 990 : 21),
          path,
          doneFolder: posix.normalize(done.startsWith('/') ? done : posix.join(path, done)),
          after: f.after === 'delete' ? 'delete' : 'move',
          user: env[f.usernameEnv!]!,
          ...(f.passwordEnv ? { password: env[f.passwordEnv]! } : {}),
          ...(f.privateKeyEnv ? { privateKey: env[f.privateKeyEnv]! } : {}),
          ...(f.passphraseEnv ? { passphrase: env[f.passphraseEnv]! } : {}),
          ...(f.hostKeySha256 ? { hostKeySha256: f.hostKeySha256 } : {}),
          ...(f.kind === 'ftp' ? { tls: f.tls === 'explicit' || f.tls === 'implicit' ? f.tls : 'none' as const } : {}),
          ...(f.tlsCaFile ? { tlsCaFile: f.tlsCaFile } : {}),
          pollIntervalSeconds: f.pollIntervalSeconds ?? 30,
          timeoutSeconds: f.timeoutSeconds ?? 30,
          maxBytes: f.maxBytes ?? 32 * 1024 * 1024,
          settleSeconds: f.settleSeconds ?? 0,
          maxFilesPerPoll: f.maxFilesPerPoll ?? 100,
        };
      }
      case 'imap': {
        const tls = f.tls === 'starttls' || f.tls === 'none' ? f.tls : 'implicit';
        return {
          ...base,
          kind: 'imap',
          host: f.host!,
          port: f.port ?? (tls === 'implicit' ? 993 : 143),
          tls,
          ...(f.tlsCaFile ? { tlsCaFile: f.tlsCaFile } : {}),
          user: env[f.usernameEnv!]!,
          password: env[f.passwordEnv!]!,
          mailbox: f.mailbox ?? 'INBOX',
          after: f.after === 'move' ? 'move' : 'seen',
          moveTo: f.moveTo ?? 'wiredesk-done',
          pollIntervalSeconds: f.pollIntervalSeconds ?? 60,
          timeoutSeconds: f.timeoutSeconds ?? 30,
          maxBytes: f.maxBytes ?? 25 * 1024 * 1024,
          maxMessagesPerPoll: f.maxMessagesPerPoll ?? 100,
        };
      }
      case 'webhook':
        return {
          ...base,
          kind: 'webhook',
          secret: env[f.secretEnv!]!,
          signatureHeader: (f.signatureHeader ?? 'x-wiredesk-signature').toLowerCase(),
          signatureScheme: f.signatureScheme ?? 'timestamped',
          replayWindowSeconds: f.replayWindowSeconds ?? 300,
          maxBytes: f.maxBytes ?? 5 * 1024 * 1024,
          charset: f.charset ?? 'utf-8',
        };
    }
  });
  const tokens = raw.auth?.tokens ?? [];
  const rules: ReviewRule[] = (raw.review?.rules ?? []).map((r) => ({ id: r.id ?? r.when, name: r.name, when: r.when, ...(r.feeds ? { feeds: r.feeds } : {}) }));
  return {
    redisUrl: env.WIREDESK_REDIS_URL || env.REDIS_URL || raw.redis?.url || (raw.redis?.cluster?.length ? clusterTarget(raw.redis.cluster) : 'redis://127.0.0.1:6379'),
    prefix: env.WIREDESK_PREFIX || raw.redis?.prefix || DEFAULT_PREFIX,
    listen: { host: listen.slice(0, colon) || '0.0.0.0', port: Number(listen.slice(colon + 1)) },
    bodyLimitBytes: raw.http?.bodyLimitBytes ?? 32 * 1024 * 1024,
    concurrency: raw.concurrency ?? 16,
    parseTimeoutSeconds: env.WIREDESK_PARSE_TIMEOUT_SECONDS ? Number(env.WIREDESK_PARSE_TIMEOUT_SECONDS) : raw.parseTimeoutSeconds ?? 30,
    retentionSeconds: raw.retentionSeconds ?? 30 * 24 * 3600,
    deadLetters: { maxAgeDays: raw.deadLetters?.maxAgeDays ?? 30, maxCount: raw.deadLetters?.maxCount ?? 100_000 },
    tokens: new Map(tokens.filter((t) => env[t.env]).map((t) => [env[t.env]!, t.role])),
    tokenHolders: new Map(tokens.filter((t) => env[t.env]).map((t) => [env[t.env]!, t.name ?? `token:${t.env}`])),
    feeds,
    subscribers: (raw.subscribers ?? []).map((s) => ({ name: s.name, ...(s.filter ? { filter: s.filter } : {}), ...(s.deliver ? { deliver: resolveDeliver(s.deliver, env) } : {}) })),
    ...(raw.desk && raw.desk.enabled !== false
      ? { desk: { usersFile: raw.desk.usersFile, path: raw.desk.path ?? '/desk', sessionIdleSeconds: (raw.desk.sessionIdleMinutes ?? 480) * 60, secureCookies: raw.desk.secureCookies ?? 'auto', reviewRules: rules.map((r) => ({ id: r.id, name: r.name })) } }
      : {}),
    ...(rules.length ? { review: { rules } } : {}),
    ...(raw.redis?.timeoutSeconds !== undefined ? { redisTimeoutSeconds: raw.redis.timeoutSeconds } : {}),
    ...(raw.redis?.downLogIntervalSeconds !== undefined ? { redisDownLogSeconds: raw.redis.downLogIntervalSeconds } : {}),
  };
}

const ENV_REF = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?|-)([^}]*))?\}/g;
const MAX_DEPTH = 32;

/**
 * Replaces `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `${VAR:?message}` in every string value
 * of the parsed document (an explicit stack, depth-capped: no recursion). Unset variables without
 * a default become problems marked with `unsetEnv`, and their value the empty string.
 */
function substituteEnv(doc: unknown, env: NodeJS.ProcessEnv, problems: ConfigProblem[]): unknown {
  const fill = (text: string, path: string): string => text.replace(ENV_REF, (whole, name: string | undefined, op: string | undefined, arg: string | undefined) => {
    if (name === undefined) return '${';
    const value = env[name];
    if (op === ':-') return value ? value : arg ?? '';
    if (op === '-') return value !== undefined ? value : arg ?? '';
    if (value) return value;
    if (op === ':?' && value === undefined) {
      problems.push({ path, message: `environment variable ${name} is not set${arg ? `: ${arg}` : ''}`, unsetEnv: name });
      return '';
    }
    if (value === undefined || op === ':?') problems.push({ path, message: `environment variable ${name} is not set (${whole})`, unsetEnv: name });
    return value ?? '';
  });
  if (typeof doc === 'string') return fill(doc, '/');
  const stack: Array<{ node: Record<string, unknown> | unknown[]; path: string; depth: number }> = [];
  if (typeof doc === 'object' && doc !== null) stack.push({ node: doc as Record<string, unknown>, path: '', depth: 0 });
  while (stack.length) {
    const { node, path, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) {
      problems.push({ path: path || '/', message: `nested deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
    for (const [key, value] of entries) {
      const at = `${path}/${key}`;
      if (typeof value === 'string') {
        if (value.includes('$')) (node as Record<string | number, unknown>)[key] = fill(value, at);
      } else if (typeof value === 'object' && value !== null) {
        stack.push({ node: value as Record<string, unknown>, path: at, depth: depth + 1 });
      }
    }
  }
  return doc;
}

/** Settings that are accepted but unwise: printed by `--check` and logged when the worker starts. */
function configWarnings(doc: unknown): ConfigProblem[] {
  const warnings: ConfigProblem[] = [];
  const raw = (typeof doc === 'object' && doc !== null ? doc : {}) as Partial<RawConfig>;
  const redisUrl = raw.redis?.url;
  if (typeof redisUrl === 'string' && !redisUrl.includes('${')) {
    try {
      if (new URL(redisUrl).password) warnings.push({ path: '/redis/url', message: 'a password is written in the file: use ${REDIS_PASSWORD}-style substitution or REDIS_URL in the environment' });
    } catch {
      // The schema reports it.
    }
  }
  (Array.isArray(raw.feeds) ? raw.feeds : []).forEach((f: RawFeed, i) => {
    if (f?.kind === 'ftp' && (f.tls ?? 'none') === 'none') warnings.push({ path: `/feeds/${i}/tls`, message: 'plain FTP sends the password and the files unencrypted: use tls: explicit (or implicit) if the server offers FTPS, or an sftp feed' });
    if (f?.kind === 'sftp' && !f.hostKeySha256) warnings.push({ path: `/feeds/${i}/hostKeySha256`, message: 'no host key fingerprint: any server answering at this address gets the credentials; set hostKeySha256 (ssh-keygen -lf on the server\'s public host key)' });
    if (typeof f?.url !== 'string') return;
    try {
      const names = [...new URL(f.url.replace(ENV_REF, 'x')).searchParams.keys()].filter((k) => SECRET_QUERY.has(k.toLowerCase()));
      if (names.length) warnings.push({ path: `/feeds/${i}/url`, message: `the query parameter ${names.join(', ')} looks like a credential: URLs end up in logs and dead letters; use credentials with an environment variable` });
    } catch {
      // The schema reports it.
    }
  });
  return warnings;
}

/** What `--check` reports: the resolved config, the secrets still unset, and warnings. */
export interface ConfigReport {
  config: WorkerConfig;
  /** Secrets (and `${VAR}` references) whose environment variable is unset, by path. */
  unset: Array<{ path: string; name: string }>;
  warnings: ConfigProblem[];
}

/**
 * Parses, substitutes and validates config text. With `secretsOptional` (what `--check` and the
 * Redis commands' `--config` use) unset secrets are reported in `unset` instead of refused; every
 * other problem is a ConfigError listing all of them.
 */
export function checkConfig(text: string, file = '<config>', env: NodeJS.ProcessEnv = process.env, opts: { secretsOptional?: boolean } = {}): ConfigReport {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length) {
    throw new ConfigError(file, doc.errors.map((e) => ({ path: `line ${(e.linePos?.[0].line ?? 0)}`, message: e.message.split('\n')[0] ?? e.message })));
  }
  let value: unknown;
  try {
    // The yaml library refuses documents whose aliases expand past its limit (a "billion laughs").
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ConfigError(file, [{ path: '/', message: `cannot be read: ${(e as Error).message}` }]);
  }
  const warnings = configWarnings(value);
  const problems: ConfigProblem[] = [];
  value = substituteEnv(value, env, problems);
  problems.push(...configProblems(value, env));
  const unset = problems.filter((p) => p.unsetEnv !== undefined).map((p) => ({ path: p.path, name: p.unsetEnv! }));
  const fatal = opts.secretsOptional ? problems.filter((p) => p.unsetEnv === undefined) : problems;
  if (fatal.length) throw new ConfigError(file, fatal);
  return { config: resolve(value as RawConfig, env), unset, warnings };
}

/** Parses and validates config text; throws a ConfigError listing every problem. */
export function parseConfig(text: string, file = '<config>', env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return checkConfig(text, file, env).config;
}

/** The config file's text (a page of YAML, read once at start: synchronously, for every caller). */
function readConfigText(file: string): string {
  try {
    const info = statSync(file);
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > MAX_CONFIG_BYTES) throw new Error(`larger than ${MAX_CONFIG_BYTES} bytes`);
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [{ path: '/', message: `cannot read the file: ${(e as Error).message}` }]);
  }
}

/** A config file is a page of YAML; a megabyte is far past any real one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<WorkerConfig> {
  return parseConfig(readConfigText(file), file, env);
}

/**
 * The file's report (config, unset secrets, warnings). By default for `--check` and the Redis
 * commands, where unset secrets are listed, not refused; `secretsOptional: false` is loadConfig
 * with the warnings kept.
 */
export async function checkConfigFile(file: string, env: NodeJS.ProcessEnv = process.env, opts: { secretsOptional?: boolean } = { secretsOptional: true }): Promise<ConfigReport> {
  return checkConfig(readConfigText(file), file, env, opts);
}

/** The same, synchronously, for the command-line tools that only need the Redis URL and prefix. */
export function checkConfigFileSync(file: string, env: NodeJS.ProcessEnv = process.env): ConfigReport {
  return checkConfig(readConfigText(file), file, env, { secretsOptional: true });
}

/** Whether a configured host is a loopback address or `localhost` (where plain IMAP may go). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
