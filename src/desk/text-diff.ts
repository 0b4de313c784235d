/**
 * A word-wise text diff for the desk's version comparison (issue 16, item 4): Myers' O(ND)
 * difference algorithm in its linear-space form (the "middle snake" divide and conquer), written
 * for this project. The divide and conquer runs on an explicit stack (no recursion), the inputs are
 * capped in tokens, and the work is capped too, so no pair of texts makes a request slow: above
 * either cap the answer is `tooLarge` and the page shows both texts instead.
 */

/** One run of the diff: tokens both sides share, or tokens only the old (`del`) or new (`ins`) side has. */
export interface DiffPart {
  op: 'same' | 'del' | 'ins';
  text: string;
}

export type DiffResult = { tooLarge: false; parts: DiffPart[] } | { tooLarge: true; reason: string };

export interface DiffLimits {
  /** Most tokens per side (default 20,000). */
  maxTokens?: number;
  /** Most steps of the inner loop in all (default 30 million: tens of milliseconds). */
  maxWork?: number;
  /** Shared whitespace between two changes joins the changes (default true; false gives the bare shortest edit script). */
  readable?: boolean;
}

export const DEFAULT_MAX_TOKENS = 20_000;
const DEFAULT_MAX_WORK = 30_000_000;

const WORD_CHAR = /[\p{L}\p{N}\p{M}_'’-]/u;

/** 0 word character, 1 space, 2 line break, 3 punctuation or symbol (a token of its own). */
function kindOf(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 10) return 2;
  if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0x2009 || c === 0x202f) return 1;
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 39 || c === 45 ? 0 : 3;
  if (c >= 0xd800 && c <= 0xdfff) return 0;
  return WORD_CHAR.test(text[i]!) ? 0 : 3;
}

/**
 * Words, runs of spaces, line breaks and single punctuation marks as tokens, so "Monday," and
 * "Tuesday," differ only in the word, and a paragraph break never merges with the words around
 * it. Linear: one pass over the text (a one-character test per non-ASCII character).
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let kind = -1;
  for (let i = 0; i < text.length; i++) {
    const k = kindOf(text, i);
    if (i > start && (k !== kind || k >= 2)) {
      out.push(text.slice(start, i));
      start = i;
    }
    kind = k;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

class WorkExceeded extends Error {}

type Task = { region: [number, number, number, number] } | { emit: Array<[number, number]> };

/**
 * The tokens two id lists share in a shortest edit script, as index pairs in order. Throws
 * WorkExceeded past `maxWork` steps.
 */
function commonPairs(a: Int32Array, b: Int32Array, maxWork: number): Array<[number, number]> {
  const max = a.length + b.length + 2;
  // Furthest-reaching x per diagonal, forward from the start and backward from the end, offset by `max`.
  const vf = new Int32Array(2 * max + 1);
  const vb = new Int32Array(2 * max + 1);
  let work = 0;
  const pairs: Array<[number, number]> = [];

  /** The middle snake of a[a0..a1) x b[b0..b1) (both non-empty, ends differing): start and end. */
  const middleSnake = (a0: number, a1: number, b0: number, b1: number): [number, number, number, number] => {
    const N = a1 - a0;
    const M = b1 - b0;
    const delta = N - M;
    const odd = (delta & 1) !== 0;
    const dmax = Math.ceil((N + M) / 2);
    vf[max + 1] = 0;
    vb[max + 1] = 0;
    for (let d = 0; d <= dmax; d++) {
      for (let k = -d; k <= d; k += 2) {
        let x = k === -d || (k !== d && vf[max + k - 1]! < vf[max + k + 1]!) ? vf[max + k + 1]! : vf[max + k - 1]! + 1;
        let y = x - k;
        const sx = x;
        const sy = y;
        while (x < N && y < M && a[a0 + x] === b[b0 + y]) { x++; y++; }
        work += 1 + x - sx;
        vf[max + k] = x;
        // The backward path on the same diagonal has index c = delta - k and has taken d - 1 steps.
        const c = delta - k;
        if (odd && c >= -(d - 1) && c <= d - 1 && x + vb[max + c]! >= N) return [a0 + sx, b0 + sy, a0 + x, b0 + y];
      }
      for (let c = -d; c <= d; c += 2) {
        let x = c === -d || (c !== d && vb[max + c - 1]! < vb[max + c + 1]!) ? vb[max + c + 1]! : vb[max + c - 1]! + 1;
        let y = x - c;
        const sx = x;
        const sy = y;
        while (x < N && y < M && a[a1 - x - 1] === b[b1 - y - 1]) { x++; y++; }
        work += 1 + x - sx;
        vb[max + c] = x;
        const k = delta - c;
        if (!odd && k >= -d && k <= d && x + vf[max + k]! >= N) return [a1 - x, b1 - y, a1 - sx, b1 - sy];
      }
      if (work > maxWork) throw new WorkExceeded();
    }
    throw new Error('text-diff: the paths did not meet');
  };

  // Left to right: a region is split into left half, snake, right half, pushed in reverse order.
  const stack: Task[] = [{ region: [0, a.length, 0, b.length] }];
  while (stack.length) {
    const task = stack.pop()!;
    if ('emit' in task) {
      for (const p of task.emit) pairs.push(p);
      continue;
    }
    let [a0, a1, b0, b1] = task.region;
    while (a0 < a1 && b0 < b1 && a[a0] === b[b0]) { pairs.push([a0, b0]); a0++; b0++; }
    const tail: Array<[number, number]> = [];
    while (a1 > a0 && b1 > b0 && a[a1 - 1] === b[b1 - 1]) { a1--; b1--; tail.push([a1, b1]); }
    tail.reverse();
    if (tail.length) stack.push({ emit: tail });
    if (a0 === a1 || b0 === b1) continue;
    const [x, y, u, v] = middleSnake(a0, a1, b0, b1);
    const snake: Array<[number, number]> = [];
    for (let i = 0; i < u - x; i++) snake.push([x + i, y + i]);
    stack.push({ region: [u, a1, v, b1] }, { emit: snake }, { region: [a0, x, b0, y] });
  }
  return pairs;
}

/** Old text to new text, as runs of shared, removed and added tokens; `tooLarge` above the limits. */
export function diffText(before: string, after: string, limits: DiffLimits = {}): DiffResult {
  const maxTokens = limits.maxTokens ?? DEFAULT_MAX_TOKENS;
  const ta = tokenize(before);
  const tb = tokenize(after);
  if (ta.length > maxTokens || tb.length > maxTokens) {
    return { tooLarge: true, reason: `more than ${maxTokens} words and spaces on a side (${ta.length} and ${tb.length})` };
  }
  const ids = new Map<string, number>();
  const idOf = (t: string): number => {
    let id = ids.get(t);
    if (id === undefined) { id = ids.size; ids.set(t, id); }
    return id;
  };
  const a = Int32Array.from(ta, idOf);
  const b = Int32Array.from(tb, idOf);
  let pairs: Array<[number, number]>;
  try {
    pairs = commonPairs(a, b, limits.maxWork ?? DEFAULT_MAX_WORK);
  } catch (e) {
    if (e instanceof WorkExceeded) return { tooLarge: true, reason: 'the versions differ too much to compare word by word' };
    throw e;
  }
  const parts: DiffPart[] = [];
  const add = (op: DiffPart['op'], text: string): void => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  };
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [ta.length, tb.length] as [number, number]]) {
    add('del', ta.slice(i, pi).join(''));
    add('ins', tb.slice(j, pj).join(''));
    if (pi < ta.length) add('same', ta[pi]!);
    i = pi + 1;
    j = pj + 1;
  }
  return { tooLarge: false, parts: limits.readable === false ? parts : absorbLoneSpaces(parts) };
}

/**
 * A run of shared whitespace between two changes reads as noise ("~~a~~ x ~~b~~ y"): it becomes
 * part of both the removed and the added text, so each side of a change reads as one phrase.
 */
function absorbLoneSpaces(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  const push = (op: DiffPart['op'], text: string): void => {
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    // Keep removals before insertions within a change.
    else if (op === 'del' && last?.op === 'ins' && out[out.length - 2]?.op === 'del') out[out.length - 2]!.text += text;
    else out.push({ op, text });
  };
  parts.forEach((p, i) => {
    const lone = p.op === 'same' && i > 0 && i < parts.length - 1 && p.text.trim() === '' && !p.text.includes('\n');
    if (lone) {
      push('del', p.text);
      push('ins', p.text);
    } else push(p.op, p.text);
  });
  return out;
}

/** The new text from the old one and a diff; throws when the diff does not fit the old text. */
export function applyDiff(before: string, parts: DiffPart[]): string {
  let at = 0;
  let out = '';
  for (const p of parts) {
    if (p.op === 'ins') { out += p.text; continue; }
    if (!before.startsWith(p.text, at)) throw new Error(`diff does not apply at ${at}`);
    at += p.text.length;
    if (p.op === 'same') out += p.text;
  }
  if (at !== before.length) throw new Error('diff leaves old text over');
  return out;
}
