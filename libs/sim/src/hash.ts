/** Bound once: under jest's vm context every `Math.` lookup in a hot loop costs a global-proxy hop. */
const imul = Math.imul;

/**
 * A small non-cryptographic 64-bit string hash (two FNV-1a lanes with different offsets), pure
 * so the simulator needs no node:crypto. Used for trace fingerprints and log/state digests,
 * where an accidental collision only weakens a check, never breaks a run.
 */
export function hash64(text: string, seed = 0): string {
  let h1 = (0x811c9dc5 ^ seed) >>> 0;
  let h2 = (0x01000193 ^ imul(seed, 0x9e3779b1) ^ 0x5bd1e995) >>> 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = imul(h2 ^ c, 0x5bd1e995) >>> 0;
    h2 = (h2 ^ (h2 >>> 15)) >>> 0;
  }
  return hex8(h1) + hex8(h2);
}

/** Extends a chain digest with one more item: chain(i) = H(chain(i-1) | item). */
export function chainHash(previous: string, item: string): string {
  return hash64(`${previous}|${item}`);
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}
