import DataLoader from 'dataloader';

/**
 * A DataLoader that sends at most one batch at a time: requests arriving while a batch is in flight
 * wait for it and then go together as the next batch (up to `maxBatch`). Concurrent delivery jobs
 * thus share their loads and their mark-sent statements instead of paying a round trip (and, for
 * writes, a WAL flush) each; a request never waits longer than the batch ahead of it. No cache:
 * every call reads or writes the database.
 */
export function coalescing<K, V>(run: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>, maxBatch = 50): DataLoader<K, V> {
  let inFlight: Promise<unknown> = Promise.resolve();
  return new DataLoader<K, V>(
    (keys) => {
      const batch = run(keys);
      inFlight = batch.then(
        () => undefined,
        () => undefined,
      );
      return batch;
    },
    {
      cache: false,
      maxBatchSize: maxBatch,
      // DataLoader's default sends after the current tick; here after the batch in flight as well.
      batchScheduleFn: (send) => void inFlight.then(() => setImmediate(send)),
    },
  );
}
