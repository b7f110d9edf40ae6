import { murmur3_32, murmur3Hash } from './murmur3';
import { utf8Bytes } from './utf8';

// Published MurmurHash3 x86_32 vectors (SMHasher's reference implementation).
const STRING_VECTORS: [string, number, number][] = [
  ['', 0, 0x00000000],
  ['', 1, 0x514e28b7],
  ['a', 0x9747b28c, 0x7fa09ea6],
  ['aa', 0x9747b28c, 0x5d211726],
  ['aaa', 0x9747b28c, 0x283e0130],
  ['aaaa', 0x9747b28c, 0x5a97808a],
  ['abc', 0x9747b28c, 0xc84a62dd],
  ['abcd', 0x9747b28c, 0xf0478627],
  ['Hello, world!', 0x9747b28c, 0x24884cba],
  ['ππππππππ', 0x9747b28c, 0xd58063c1],
  ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
];

const BYTE_VECTORS: [number[], number, number][] = [
  [[0x00, 0x00, 0x00, 0x00], 0, 0x2362f9de],
  [[0xff, 0xff, 0xff, 0xff], 0, 0x76293b50],
  [[0x21, 0x43, 0x65, 0x87], 0, 0xf55b516b],
  [[0x21, 0x43, 0x65, 0x87], 0x5082edee, 0x2362f9de],
  [[0x21, 0x43, 0x65], 0, 0x7e4a8634],
  [[0x21, 0x43], 0, 0xa0f7b07a],
  [[0x21], 0, 0x72661cf4],
  [[0x00, 0x00, 0x00], 0, 0x85f0b427],
  [[0x00, 0x00], 0, 0x30f4c306],
  [[0x00], 0, 0x514e28b7],
];

describe('murmur3_32', () => {
  it.each(STRING_VECTORS)('hashes %j with seed %d to the published value', (input, seed, expected) => {
    expect(murmur3_32(input, seed)).toBe(expected);
  });

  it.each(BYTE_VECTORS)('hashes bytes %j with seed %d to the published value', (bytes, seed, expected) => {
    expect(murmur3_32(Uint8Array.from(bytes), seed)).toBe(expected);
  });

  it('returns an unsigned 32-bit integer', () => {
    for (const key of ['', 'x', 'node1#0', 'orders/15', '\u{1F600}']) {
      const h = murmur3Hash(key);
      expect(Number.isInteger(h)).toBe(true);
      expect(h).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThan(2 ** 32);
    }
  });
});

describe('utf8Bytes', () => {
  it('matches the platform encoder, including astral characters and lone surrogates', () => {
    const encoder = new TextEncoder();
    for (const s of ['', 'ascii', 'é', '€', 'π', '\u{1F600}', 'a\ud800b', '\udc00', 'x\ud83d']) {
      expect([...utf8Bytes(s)]).toEqual([...encoder.encode(s)]);
    }
  });
});
