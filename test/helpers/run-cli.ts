import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-info.js';

/** The built CLI; the tests run after `npm run build`. */
export const CLI = join(PACKAGE_ROOT, 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  /** Heap limit for the child, MB: a memory blow-up makes the child fail instead of the machine. */
  maxOldSpaceMb?: number;
  env?: NodeJS.ProcessEnv;
  /** Called with each stdout line instead of keeping stdout (for outputs too large to hold). */
  onLine?: (line: string) => void;
  /** Written to the child's stdin, which is then closed (without it, closed at once). */
  input?: string;
}

/**
 * Runs `node dist/cli.js <args>` asynchronously (so a server in the test process can answer it)
 * and collects its exit status and output.
 */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build before the tests`);
  const nodeArgs = [`--max-old-space-size=${opts.maxOldSpaceMb ?? 512}`, CLI, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, { cwd: opts.cwd ?? PACKAGE_ROOT, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    // Without input, stdin is closed at once (a command that reads it sees end of input).
    child.stdin.end(opts.input ?? '');
    let stdout = '';
    let pending = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (!opts.onLine) {
        stdout += chunk;
        return;
      }
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) !== -1) {
        opts.onLine(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (opts.onLine && pending) opts.onLine(pending);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The NDJSON lines of a run's stdout, parsed. */
export function ndjson(stdout: string): Array<Record<string, unknown>> {
  return stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

const SUMMARY = /^wiredesk: \d+ files?, \d+ articles?/;

/** The stderr lines that report a failure of one input: `wiredesk: <input>: <CODE> ...`. */
export function failureLines(stderr: string): Array<{ input: string; code: string; line: string }> {
  const out: Array<{ input: string; code: string; line: string }> = [];
  for (const line of stderr.split('\n')) {
    if (SUMMARY.test(line)) continue;
    const m = /^wiredesk: (.+?): (WIREDESK_ERR_[A-Z0-9_]+)\b/.exec(line);
    if (m) out.push({ input: m[1]!, code: m[2]!, line });
  }
  return out;
}

/** The summary line at the end of stderr. */
export function summaryLine(stderr: string): string {
  return stderr.split('\n').filter((l) => SUMMARY.test(l)).pop() ?? '';
}
