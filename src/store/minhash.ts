/**
 * MinHash signatures of a text's word 3-shingles, for finding near-duplicates: two texts that
 * share a fraction J (Jaccard) of their shingles agree on each of the MINHASHES minima with
 * probability J, whatever their length. A story with its lede rewritten keeps most of its
 * shingles (J around 0.7-0.8 for a lede of a six-paragraph story), unrelated stories share
 * almost none. The signature is kept as BANDS band values (ROWS minima each, for the LSH index in
 * near-duplicates.ts) and a digest of one hex digit per minimum (to estimate J in Redis).
 *
 * (A 64-bit simhash was used before: it puts such a rewrite 10-14 bits from the original, where
 * unrelated texts are about 32 apart, and an index that finds every hash within 12 bits needs 13
 * bands of under five bits, i.e. no index at all. MinHash bands find it with high probability.)
 */

const SHINGLE = 3;

// FNV-1a, 32-bit, over one word.
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// murmur3's finalizer: spreads a combination of word hashes over all 32 bits.
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The FNV-1a hash of each word of `text`, as `words(text).map(fnv1a)` gives them. ASCII text (where
 * letters and digits are [A-Za-z0-9]) is hashed in one pass over its char codes, without making
 * the words; other text goes through words().
 */
export function wordHashes(text: string): Uint32Array {
  if (NON_ASCII.test(text)) {
    const w = words(text);
    const out = new Uint32Array(w.length);
    for (let i = 0; i < w.length; i++) out[i] = fnv1a(w[i]!);
    return out;
  }
  const n = text.length;
  const out = new Uint32Array((n >> 1) + 1); // at most one word per two characters
  let k = 0;
  let h = 0;
  let inWord = false;
  for (let i = 0; i < n; i++) {
    const c = WORD_CHAR[text.charCodeAt(i)]!; // ASCII here: the char lower-cased, 0 outside a word
    if (c !== 0) {
      if (!inWord) {
        h = 0x811c9dc5;
        inWord = true;
      }
      h = Math.imul(h ^ c, 0x01000193);
    } else if (inWord) {
      out[k++] = h;
      inWord = false;
    }
  }
  if (inWord) out[k++] = h;
  return out.subarray(0, k);
}

/** For each ASCII code: the code lower-cased if it is a letter or digit, else 0. */
const WORD_CHAR = new Uint8Array(128).map((_, c) => ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? c : c >= 65 && c <= 90 ? c + 32 : 0));


/**
 * Minima per signature (the digest has one digit for each); the first BANDS * ROWS of them make
 * the band values. Two texts with Jaccard similarity J share a band value with probability
 * 1 - (1 - J^ROWS)^BANDS: 0.66 at J = 0.5, 0.93 at 0.65, 0.99 at 0.75; unrelated texts (J near
 * 0.02) about 6e-5.
 */
export const MINHASHES = 64;
export const ROWS = 3;
export const BANDS = 8;

/**
 * The least number of digest digits (of MINHASHES) two signatures share to be near-duplicates:
 * the estimated Jaccard similarity at least NEAR_DUPLICATE_JACCARD. Digits agree by chance one
 * time in 16, so agreeing digits a estimate J as (a / MINHASHES - 1/16) / (15/16).
 */
export const NEAR_DUPLICATE_JACCARD = 0.5;
export const AGREEING_DIGITS = Math.ceil(MINHASHES * (NEAR_DUPLICATE_JACCARD * 15 / 16 + 1 / 16));

/** Fewer shingles than this say too little to compare (a caption, a one-line advisory). */
export const MIN_SHINGLES = 8;

/** Per minimum: the hash x -> imul(x ^ SALT[k], MULT[k]) whose least value over the shingles is kept. */
const SALT = Uint32Array.from({ length: MINHASHES }, (_, k) => mix(Math.imul(k + 1, 0x9e3779b9) >>> 0));
const MULT = Uint32Array.from({ length: MINHASHES }, (_, k) => (mix(Math.imul(k + 101, 0x85ebca6b) >>> 0) | 1) >>> 0);

/** The 32-bit hash of each word 3-shingle of the text, in order. */
export function shingleHashes(text: string): Uint32Array {
  const wh = wordHashes(text);
  const n = Math.max(0, wh.length - SHINGLE + 1);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = mix((Math.imul(wh[i]!, 0x9e3779b1) ^ Math.imul(wh[i + 1]!, 0x85ebca77) ^ Math.imul(wh[i + 2]!, 0xc2b2ae3d)) >>> 0);
  }
  return out;
}

/** The MINHASHES minima of a text's shingles, or null when it has under MIN_SHINGLES of them. */
export function minhashes(text: string): Uint32Array | null {
  const shingles = shingleHashes(text);
  if (shingles.length < MIN_SHINGLES) return null;
  const mins = new Uint32Array(MINHASHES).fill(0xffffffff);
  for (let i = 0; i < shingles.length; i++) {
    const x = shingles[i]!;
    for (let k = 0; k < MINHASHES; k++) {
      const v = Math.imul(x ^ SALT[k]!, MULT[k]!) >>> 0;
      if (v < mins[k]!) mins[k] = v;
    }
  }
  return mins;
}

/** What the index files: the band values (hex, one per band) and the digest (one hex digit per minimum). */
export interface Signature {
  bands: string[];
  digest: string;
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** The signature of a text, or null when it is too short to have one. */
export function signature(text: string): Signature | null {
  const mins = minhashes(text);
  if (!mins) return null;
  const bands: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    const r = b * ROWS;
    bands.push(hex8(mix((mins[r]! ^ Math.imul(mins[r + 1]!, 0x27d4eb2f) ^ Math.imul(mins[r + 2]!, 0x165667b1) ^ b) >>> 0)));
  }
  let digest = '';
  for (let k = 0; k < MINHASHES; k++) digest += (mix(mins[k]!) & 15).toString(16);
  return { bands, digest };
}

/** How many digest digits two signatures share. */
export function agreement(a: string, b: string): number {
  let same = 0;
  for (let k = 0; k < MINHASHES; k++) if (a.charCodeAt(k) === b.charCodeAt(k)) same++;
  return same;
}

/** Whether two digests are near-duplicates (AGREEING_DIGITS or more in common). */
export function isNearDuplicate(a: string, b: string): boolean {
  return agreement(a, b) >= AGREEING_DIGITS;
}
