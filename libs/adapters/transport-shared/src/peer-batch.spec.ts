import { transformPatternToRoute } from '@nestjs/microservices/utils/transform-pattern.utils';
import { PEER_BATCH_PATTERN, PEER_BATCH_ROUTE } from './peer-batch';

describe('PEER_BATCH_PATTERN', () => {
  it('is written on the wire as PEER_BATCH_ROUTE (Nest normalizes the pattern the same way on both sides)', () => {
    expect(transformPatternToRoute(PEER_BATCH_PATTERN)).toBe(PEER_BATCH_ROUTE);
  });

  it('goes on the wire as JSON text, so the server route lookup parses it without throwing', () => {
    expect(() => JSON.parse(PEER_BATCH_ROUTE) as unknown).not.toThrow();
    expect(transformPatternToRoute(JSON.parse(PEER_BATCH_ROUTE))).toBe(PEER_BATCH_ROUTE);
  });
});
