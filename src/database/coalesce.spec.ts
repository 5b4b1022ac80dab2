import { coalescing } from './coalesce.js';

/** A batch function whose batches finish only when the test says so. */
function controlled() {
  const batches: Array<{ keys: number[]; finish: (fail?: Error) => void }> = [];
  const loader = coalescing<number, string>(
    (keys) =>
      new Promise((resolve, reject) => {
        batches.push({ keys: [...keys], finish: (fail) => (fail ? reject(fail) : resolve(keys.map((k) => `v${k}`))) });
      }),
    3,
  );
  return { loader, batches };
}

/** Lets scheduled batches go: the loader sends from a setImmediate queued after a microtask. */
const tick = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
};

describe('coalescing', () => {
  it('sends the requests made while a batch is in flight together, after it, each answered with its own value', async () => {
    const { loader, batches } = controlled();
    const first = loader.load(1);
    await tick();
    expect(batches.map((b) => b.keys)).toEqual([[1]]);
    const later = [loader.load(2), loader.load(3)];
    await tick();
    expect(batches).toHaveLength(1); // still waiting for the batch in flight
    batches[0].finish();
    await expect(first).resolves.toBe('v1');
    await tick();
    expect(batches.map((b) => b.keys)).toEqual([[1], [2, 3]]);
    batches[1].finish();
    await expect(Promise.all(later)).resolves.toEqual(['v2', 'v3']);
  });

  it('caps a batch at its size and does not cache: the same key asked twice is read twice', async () => {
    const { loader, batches } = controlled();
    const all = [1, 2, 3, 4, 1].map((k) => loader.load(k));
    await tick();
    expect(batches.map((b) => b.keys)).toEqual([
      [1, 2, 3],
      [4, 1],
    ]);
    batches.forEach((b) => b.finish());
    await expect(Promise.all(all)).resolves.toEqual(['v1', 'v2', 'v3', 'v4', 'v1']);
  });

  it('a failed batch fails each of its requests, and the next batch still goes', async () => {
    const { loader, batches } = controlled();
    const failing = loader.load(1);
    await tick();
    const next = loader.load(2);
    batches[0].finish(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    await tick();
    expect(batches.map((b) => b.keys)).toEqual([[1], [2]]);
    batches[1].finish();
    await expect(next).resolves.toBe('v2');
  });
});
