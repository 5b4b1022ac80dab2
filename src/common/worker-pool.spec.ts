import { isMainThread, threadId } from 'node:worker_threads';
import { WorkerPool } from './worker-pool.js';

// A worker that blocks its own thread (Atomics.wait) until the test lets it go, then doubles the number;
// "exit" ends the thread mid-job, as an out-of-memory decode would.
const SOURCE = `
import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', (job) => {
  if (job.exit) process.exit(3);
  if (job.gate) Atomics.wait(new Int32Array(job.gate), 0, 0);
  parentPort.postMessage({ id: job.id, doubled: job.n * 2, threadId });
});
`;

interface Job {
  id: number;
  n: number;
  gate?: SharedArrayBuffer;
  exit?: boolean;
}
interface Answer {
  id: number;
  doubled: number;
  threadId: number;
}

describe('WorkerPool', () => {
  let pool: WorkerPool<Job, Answer>;
  beforeEach(
    () => (pool = new WorkerPool<Job, Answer>({ name: 'Spec', label: '测试', size: 1, script: new URL(`data:text/javascript,${encodeURIComponent(SOURCE)}`) })),
  );
  afterEach(() => pool.close());

  it('runs the job on another thread: the request thread keeps working while the job blocks its own', async () => {
    expect(isMainThread).toBe(true);
    const gate = new SharedArrayBuffer(4);
    let answered = false;
    const job = pool.run({ n: 21, gate }).then((a) => ((answered = true), a));
    // Were the job on this thread, Atomics.wait would hold it here for ever and the test would time out.
    const other = await new Promise<string>((resolve) => setImmediate(() => resolve('another request answered')));
    expect(other).toBe('another request answered');
    expect(answered).toBe(false);
    Atomics.store(new Int32Array(gate), 0, 1);
    Atomics.notify(new Int32Array(gate), 0);
    const a = await job;
    expect(a.doubled).toBe(42);
    expect(a.threadId).not.toBe(threadId);
  });

  it('queues jobs beyond its size and answers each with its own result', async () => {
    const answers = await Promise.all([1, 2, 3].map((n) => pool.run({ n })));
    expect(answers.map((a) => a.doubled)).toEqual([2, 4, 6]);
    expect(new Set(answers.map((a) => a.threadId)).size).toBe(1); // one kept worker, not one per job
  });

  it('fails the job whose worker died and replaces the worker for the next one', async () => {
    const queued = pool.run({ n: 5 });
    await expect(pool.run({ n: 1, exit: true })).rejects.toThrow('worker exited with 3');
    expect((await queued).doubled).toBe(10);
    expect((await pool.run({ n: 4 })).doubled).toBe(8);
  });
});
