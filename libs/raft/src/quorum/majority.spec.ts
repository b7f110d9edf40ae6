import { committedIndex, hasQuorum, quorumSize, voteResult } from './majority';

describe('majority quorum', () => {
  it('needs more than half the voters', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(quorumSize)).toEqual([1, 2, 2, 3, 3, 4, 4]);
  });

  it('commit index is the highest index matched by a majority', () => {
    const match: Record<string, number> = { a: 5, b: 3, c: 9, d: 1, e: 3 };
    expect(committedIndex(['a', 'b', 'c', 'd', 'e'], (id) => match[id])).toBe(3);
    expect(committedIndex(['a', 'c'], (id) => match[id])).toBe(5);
    expect(committedIndex([], () => 7)).toBe(0);
  });

  it('a vote is won by a majority of grants, lost once a majority is out of reach', () => {
    const voters = ['a', 'b', 'c', 'd'];
    expect(voteResult(voters, new Map([['a', true], ['b', true]]))).toBe('pending');
    expect(voteResult(voters, new Map([['a', true], ['b', true], ['c', true]]))).toBe('won');
    expect(voteResult(voters, new Map([['a', true], ['b', false], ['c', false]]))).toBe('lost');
    // Votes of non-voters do not count.
    expect(voteResult(['a', 'b', 'c'], new Map([['a', true], ['x', true], ['y', true]]))).toBe('pending');
  });

  it('hasQuorum counts only voters', () => {
    expect(hasQuorum(['a', 'b', 'c'], (id) => id !== 'c')).toBe(true);
    expect(hasQuorum(['a', 'b', 'c'], (id) => id === 'a')).toBe(false);
  });
});
