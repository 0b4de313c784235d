import { parseArgs } from 'node:util';
import { createReviewService, type ReviewState, type ReviewSummary } from '../review/review-service.js';
import { COMMON_OPTIONS_USAGE, REDIS_OPTIONS, usageFailure, isParseArgsError, reachableTarget } from './redis-options.js';

export const REVIEW_USAGE = `Usage:
  wiredesk review list [--state pending,held,...] [--limit N] [--json]
  wiredesk review show <id> [--json]
  wiredesk review approve|kill <id>[@version] [--by NAME]
  wiredesk review hold|reject <id>[@version] [--note TEXT] [--by NAME]
${COMMON_OPTIONS_USAGE}

Stories from feeds routed to "review" wait here. approve hands the story to the stage workers,
which publish it (or hold it until its embargo lifts); hold puts it aside (with a note, also to
change the note of a held story); reject turns it down: it is not published and nothing is sent
to anyone; kill stops it and sends article.kill to every subscriber that had an earlier version.
<id>@<version> as list prints it acts only when that version is still the one under review.`;

const STATES: ReviewState[] = ['pending', 'held', 'approved', 'killed', 'rejected', 'superseded'];
const ACTIONS = ['list', 'show', 'approve', 'hold', 'kill', 'reject'] as const;

function line(s: ReviewSummary): string {
  return `${s.state.padEnd(10)} ${s.receivedAt}  ${s.id}@${s.versionKey}  ${s.feed ?? '-'}  ${s.headline ?? '(no headline)'}`;
}

export async function reviewCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...REDIS_OPTIONS, state: { type: 'string' }, limit: { type: 'string' }, by: { type: 'string' }, note: { type: 'string' } },
    });
  } catch (e) {
    if (isParseArgsError(e)) return usageFailure(e.message, REVIEW_USAGE);
    throw e;
  }
  const { values, positionals } = parsed;
  const [action, id] = positionals;
  const states = values.state ? values.state.split(',').map((s) => s.trim()) : undefined;
  const bad = states?.find((s) => !STATES.includes(s as ReviewState));
  if (bad) return usageFailure(`unknown review state "${bad}" (one of ${STATES.join(', ')})`, REVIEW_USAGE);
  const limit = values.limit ? Number(values.limit) : 100;
  if (!Number.isInteger(limit) || limit <= 0) return usageFailure('--limit must be a positive whole number', REVIEW_USAGE);
  if (!ACTIONS.includes(action as typeof ACTIONS[number])) {
    return usageFailure(action ? `unknown review action "${action}"` : 'review needs an action', REVIEW_USAGE);
  }
  if (values.note !== undefined && action !== 'hold' && action !== 'reject') return usageFailure('--note goes with hold or reject', REVIEW_USAGE);
  if (action !== 'list' && !id) return usageFailure(`review ${action} needs a story id`, REVIEW_USAGE);

  const target = await reachableTarget(values);
  if (typeof target === 'number') return target;
  const service = createReviewService(target.url, { prefix: target.prefix });
  try {
    if (action === 'list') {
      const list = await service.list({ ...(states ? { states: states as ReviewState[] } : {}), limit });
      if (values.json) process.stdout.write(list.map((s) => JSON.stringify(s)).join('\n') + (list.length ? '\n' : ''));
      else for (const s of list) process.stdout.write(line(s) + '\n');
      return 0;
    }
    if (action === 'show') {
      const entry = (await service.resolve(id!))?.entry;
      if (!entry) {
        process.stderr.write(`wiredesk: no story "${id}" under review\n`);
        return 1;
      }
      process.stdout.write(values.json ? JSON.stringify(entry) + '\n' : `${line(entry)}\n\n${JSON.stringify(entry.article, null, 2)}\n`);
      return 0;
    }
    const by = values.by ?? process.env.USER ?? null;
    const note = values.note ? { note: values.note } : {};
    const result = action === 'approve' ? await service.approve(id!, by)
      : action === 'hold' ? await service.hold(id!, by, note)
        : action === 'reject' ? await service.reject(id!, by, note)
          : await service.kill(id!, by);
    if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
    if (result.status === 'not-found') {
      process.stderr.write(`wiredesk: no story "${id}" under review\n`);
      return 1;
    }
    if (result.status === 'conflict' && result.reason === 'version') {
      process.stderr.write(`wiredesk: not done: "${id}" is not the version under review (${result.entry?.id}@${result.entry?.versionKey} is)\n`);
      return 1;
    }
    if (result.status === 'conflict') {
      process.stderr.write(`wiredesk: cannot ${action} "${id}": it is ${result.entry?.state}\n`);
      return 1;
    }
    if (!values.json) process.stdout.write(`${line(result.entry!)}\n`);
    return 0;
  } finally {
    await service.close();
  }
}
