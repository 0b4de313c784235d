import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { WiredeskError } from '../errors.js';
import { packagePath } from '../package-info.js';

/**
 * The worker's configuration: one YAML file validated by schemas/config.schema.json, secrets
 * resolved from the environment variables it names. `loadConfig` refuses a bad file with every
 * problem listed by path, before anything connects anywhere.
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
}

export interface FolderFeed extends FeedBase {
  kind: 'folder';
  folder: string;
  pollIntervalSeconds: number;
  maxBytes: number;
}

export interface WebhookFeed extends FeedBase {
  kind: 'webhook';
  secret: string;
  signatureHeader: string;
}

export type FeedConfig = PolledFeed | FolderFeed | WebhookFeed;

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
  /** Bearer token -> role, resolved from the environment. */
  tokens: Map<string, Role>;
  feeds: FeedConfig[];
  subscribers: Array<{ name: string; filter?: Filters }>;
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
interface RawFeed {
  id: string;
  kind: FeedConfig['kind'];
  format?: string;
  routing?: Routing;
  filters?: Filters;
  url?: string;
  folder?: string;
  pollIntervalSeconds?: number;
  timeoutSeconds?: number;
  maxBytes?: number;
  maxPagesPerPoll?: number;
  credentials?: RawCredentials;
  secretEnv?: string;
  signatureHeader?: string;
}
interface RawConfig {
  redis?: { url?: string; prefix?: string };
  http?: { listen?: string; bodyLimitBytes?: number };
  concurrency?: number;
  parseTimeoutSeconds?: number;
  retentionSeconds?: number;
  auth?: { tokens?: Array<{ env: string; role: Role }> };
  feeds: RawFeed[];
  subscribers?: Array<{ name: string; filter?: Filters }>;
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
}

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
    if (typeof name === 'string' && !env[name]) problems.push({ path, message: `environment variable ${name} is not set` });
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
  });
  const names = new Map<string, number>();
  list<{ name: string }>(raw.subscribers).forEach((s, i) => {
    const before = names.get(s.name);
    if (before !== undefined) problems.push({ path: `/subscribers/${i}/name`, message: `"${s.name}" is already the name of /subscribers/${before}` });
    else names.set(s.name, i);
  });
  list<{ env: string }>(raw.auth?.tokens).forEach((t, i) => needEnv(`/auth/tokens/${i}/env`, t.env));
  const pt = env.WIREDESK_PARSE_TIMEOUT_SECONDS;
  if (pt && !(Number(pt) >= 0 && Number(pt) <= 3600)) problems.push({ path: '/parseTimeoutSeconds', message: 'WIREDESK_PARSE_TIMEOUT_SECONDS in the environment must be a number of seconds from 0 to 3600' });
  if (env.REDIS_URL !== undefined && !/^rediss?:\/\//.test(env.REDIS_URL)) problems.push({ path: '/redis/url', message: 'REDIS_URL in the environment must start with redis:// or rediss://' });
  return problems;
}

function authHeaders(c: RawCredentials | undefined, env: NodeJS.ProcessEnv): AuthHeaders {
  if (!c) return {};
  if (c.type === 'basic') return { authorization: `Basic ${Buffer.from(`${env[c.usernameEnv!]}:${env[c.passwordEnv!]}`).toString('base64')}` };
  if (c.type === 'bearer') return { authorization: `Bearer ${env[c.tokenEnv!]}` };
  return { [c.header!.toLowerCase()]: env[c.valueEnv!]! };
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
        };
      case 'folder':
        return { ...base, kind: 'folder', folder: f.folder!, pollIntervalSeconds: f.pollIntervalSeconds ?? 2, maxBytes: f.maxBytes ?? 32 * 1024 * 1024 };
      case 'webhook':
        return { ...base, kind: 'webhook', secret: env[f.secretEnv!]!, signatureHeader: (f.signatureHeader ?? 'x-wiredesk-signature').toLowerCase() };
    }
  });
  return {
    redisUrl: env.REDIS_URL || raw.redis?.url || 'redis://127.0.0.1:6379',
    prefix: raw.redis?.prefix ?? 'wiredesk',
    listen: { host: listen.slice(0, colon) || '0.0.0.0', port: Number(listen.slice(colon + 1)) },
    bodyLimitBytes: raw.http?.bodyLimitBytes ?? 32 * 1024 * 1024,
    concurrency: raw.concurrency ?? 16,
    parseTimeoutSeconds: env.WIREDESK_PARSE_TIMEOUT_SECONDS ? Number(env.WIREDESK_PARSE_TIMEOUT_SECONDS) : raw.parseTimeoutSeconds ?? 30,
    retentionSeconds: raw.retentionSeconds ?? 30 * 24 * 3600,
    tokens: new Map((raw.auth?.tokens ?? []).map((t) => [env[t.env]!, t.role])),
    feeds,
    subscribers: raw.subscribers ?? [],
  };
}

/** Parses and validates config text; throws a ConfigError listing every problem. */
export function parseConfig(text: string, file = '<config>', env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length) {
    throw new ConfigError(file, doc.errors.map((e) => ({ path: `line ${(e.linePos?.[0].line ?? 0)}`, message: e.message.split('\n')[0] ?? e.message })));
  }
  const value: unknown = doc.toJS();
  const problems = configProblems(value, env);
  if (problems.length) throw new ConfigError(file, problems);
  return resolve(value as RawConfig, env);
}

export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<WorkerConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [{ path: '/', message: `cannot read the file: ${(e as Error).message}` }]);
  }
  return parseConfig(text, file, env);
}
