// Child process for bench/api.bench.ts: runs autocannon in its own process, so the load generator
// does not share the server's event loop (they still share the machine's two cores). A child
// process, not a worker thread: inside a worker autocannon reports raw histograms, not figures.
import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  /** Each request takes the next of these (path + bearer token), round-robin. */
  requests: Array<{ path: string; token?: string }>;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

const spec = JSON.parse(process.env.LOAD_SPEC ?? '{}') as LoadSpec;
let i = 0;
const instance = autocannon(
  {
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    requests: [
      {
        setupRequest: (req) => {
          const r = spec.requests[i++ % spec.requests.length];
          return { ...req, path: r.path, headers: { ...req.headers, ...(r.token ? { authorization: `Bearer ${r.token}` } : {}) } };
        },
      },
    ],
  },
  (err, r) => {
    if (err) throw err;
    process.send!({
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      errors: r.errors + r.timeouts,
      non2xx: r.non2xx,
      requests: r.requests.total,
    } satisfies LoadResult);
  },
);
process.on('message', (m) => m === 'stop' && instance.stop());
