import { PeerPayload } from '../peer-transport.port';
import { parsePeerPayload } from './parse-peer-payload';

const payload: PeerPayload = {
  channel: 'raft',
  message: { group: 'q/7', from: 'node2', to: 'node1', term: 1, type: 'heartbeat-resp', context: '' },
};

describe('parsePeerPayload', () => {
  it('accepts a valid raft payload after a JSON round trip', () => {
    expect(parsePeerPayload(JSON.parse(JSON.stringify(payload)))).toEqual(payload);
  });

  it.each([
    ['null', null],
    ['a string', 'raft'],
    ['an array', [payload]],
    ['no channel', { message: payload.message }],
    ['an unknown channel', { ...payload, channel: 'pbft' }],
    ['a non-string channel', { ...payload, channel: 1 }],
    ['no message', { channel: 'raft' }],
    ['a malformed message', { channel: 'raft', message: { ...payload.message, term: -1 } }],
    ['a message of unknown type', { channel: 'raft', message: { ...payload.message, type: 'nope' } }],
  ])('rejects %s', (_what, x) => {
    expect(parsePeerPayload(x)).toBeNull();
  });

  it('drops extra top-level fields', () => {
    expect(parsePeerPayload({ ...payload, extra: 1 })).toEqual(payload);
  });
});
