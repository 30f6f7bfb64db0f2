import { createHash } from 'node:crypto';
import { leafHash, merkleRoot, signHead } from './history-anchor.util.js';
import { parseCheckpointLog } from './history-checkpoint-file.js';

const sha = (...parts: Array<string | Buffer>) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const head = (caseId: string, version = 1, hash = 'a'.repeat(64)) => ({ caseId, version, hash });

describe('history anchoring helpers', () => {
  it('builds the Merkle root over heads sorted by case id, carrying an odd node up', () => {
    const [a, b, c] = [head('a'), head('b', 2), head('c', 3)];
    const ab = sha(Buffer.from([1]), leafHash(a), leafHash(b));
    expect(merkleRoot([c, a, b])).toBe(sha(Buffer.from([1]), ab, leafHash(c)).toString('hex'));
    expect(merkleRoot([b, a])).toBe(ab.toString('hex'));
    expect(merkleRoot([])).toBe(sha('').toString('hex'));
  });

  it('changes the root and the head signature when any field of one head changes', () => {
    const heads = [head('a'), head('b')];
    const root = merkleRoot(heads);
    expect(merkleRoot([head('a'), head('b', 2)])).not.toBe(root);
    expect(merkleRoot([head('a'), head('b', 1, 'b'.repeat(64))])).not.toBe(root);
    expect(signHead('k'.repeat(32), head('a'))).not.toBe(signHead('k'.repeat(32), head('a', 2)));
    expect(signHead('k'.repeat(32), head('a'))).not.toBe(signHead('j'.repeat(32), head('a')));
  });

  it('reports a last line cut short and a line that is not a checkpoint', () => {
    const log = parseCheckpointLog('not json\n{"v":1,"seq":1', 'k'.repeat(32));
    expect(log.problems.map((p) => p.problem).sort()).toEqual(['incomplete', 'unreadable']);
    expect(log.checkpoints).toEqual([]);
  });
});
