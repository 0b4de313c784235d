/**
 * A 64-bit simhash (Charikar) over word shingles: texts that share most of their three-word runs
 * get hashes a few bits apart, whatever their length, so the same event reported by two agencies
 * with light rewording is found by Hamming distance. The hash is kept as 16 hex digits.
 */

const SHINGLE = 3;

/**
 * Only shingles whose hash falls in one residue class of SAMPLE are counted. The choice depends on
 * the shingle alone, so two texts keep the same subset of what they share and the similarity
 * estimate holds, at a quarter of the cost (stories are hashed on the hot path of every worker).
 */
const SAMPLE = 4;

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
 * Bit counts over many 64-bit hashes: for each bit position, how many hashes have it set. The
 * counting is SWAR: each 32-bit half is split into four masks of every fourth bit, and a mask is
 * added to an accumulator whose eight 4-bit lanes then count eight bit positions at once; the
 * lanes are emptied into the per-bit totals before they can overflow (15 additions). Eight
 * additions per hash instead of sixty-four.
 */
export class BitTally {
  readonly ones = new Int32Array(64);
  count = 0;
  private readonly acc = new Float64Array(8); // lanes up to 15 * 0x11111111 < 2^32: exact as doubles
  private pending = 0;

  add(hi: number, lo: number): void {
    const acc = this.acc;
    acc[0]! += hi & 0x11111111;
    acc[1]! += (hi >>> 1) & 0x11111111;
    acc[2]! += (hi >>> 2) & 0x11111111;
    acc[3]! += (hi >>> 3) & 0x11111111;
    acc[4]! += lo & 0x11111111;
    acc[5]! += (lo >>> 1) & 0x11111111;
    acc[6]! += (lo >>> 2) & 0x11111111;
    acc[7]! += (lo >>> 3) & 0x11111111;
    this.count++;
    if (++this.pending === 15) this.flush();
  }

  flush(): void {
    const acc = this.acc;
    for (let k = 0; k < 8; k++) {
      const a = acc[k]!;
      if (a === 0) continue;
      // Accumulator k counts bit (4 * lane + k % 4) of the high (k < 4) or low half.
      const base = k < 4 ? 0 : 32;
      for (let lane = 0; lane < 8; lane++) this.ones[base + 4 * lane + (k & 3)]! += (a >>> (4 * lane)) & 0xf;
      acc[k] = 0;
    }
    this.pending = 0;
  }
}

/** Bit b of the hash (bit 0: the low bit of the high half) is set when most counted hashes have it set. */
export function majority(t: BitTally): string {
  t.flush();
  let hi = 0;
  let lo = 0;
  for (let b = 0; b < 32; b++) {
    if (t.ones[b]! * 2 > t.count) hi |= 1 << b;
    if (t.ones[32 + b]! * 2 > t.count) lo |= 1 << b;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** The simhash of a text, or null when it has too few words to say anything (under 2 shingles). */
export function simhash(text: string): string | null {
  const wh = wordHashes(text);
  if (wh.length < SHINGLE + 1) return null;
  const tally = new BitTally();
  for (let i = 0; i + SHINGLE <= wh.length; i++) {
    const a = wh[i]!, b = wh[i + 1]!, c = wh[i + 2]!;
    const hi = mix((Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d)) >>> 0);
    if (hi % SAMPLE !== 0) continue;
    tally.add(hi, mix((Math.imul(a, 0x27d4eb2f) ^ Math.imul(b, 0x165667b1) ^ Math.imul(c, 0xd3a2646c) ^ 0x7f4a7c15) >>> 0));
  }
  // A short text may have no sampled shingle: count them all rather than give no hash.
  if (tally.count === 0) {
    for (let i = 0; i + SHINGLE <= wh.length; i++) {
      const a = wh[i]!, b = wh[i + 1]!, c = wh[i + 2]!;
      tally.add(mix((Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d)) >>> 0),
        mix((Math.imul(a, 0x27d4eb2f) ^ Math.imul(b, 0x165667b1) ^ Math.imul(c, 0xd3a2646c) ^ 0x7f4a7c15) >>> 0));
    }
  }
  return majority(tally);
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** A hash (16 hex digits) as its two 32-bit halves. */
export function hashHalves(h: string): [number, number] {
  return [parseInt(h.slice(0, 8), 16), parseInt(h.slice(8), 16)];
}

/** hammingDistance of two hashes already split by hashHalves. */
export function halvesDistance(a: [number, number], b: [number, number]): number {
  return popcount32((a[0] ^ b[0]) >>> 0) + popcount32((a[1] ^ b[1]) >>> 0);
}

export function hammingDistance(a: string, b: string): number {
  return halvesDistance(hashHalves(a), hashHalves(b));
}

/**
 * The four 16-bit bands of a hash, used as index keys: two hashes within 3 bits of each other
 * agree on at least one band (pigeonhole), so looking up the bands finds every candidate.
 */
export function bands(hash: string): string[] {
  return [0, 1, 2, 3].map((i) => `${i}:${hash.slice(i * 4, i * 4 + 4)}`);
}

/** The largest distance still taken for the same event. */
export const NEAR_DUPLICATE_BITS = 3;
