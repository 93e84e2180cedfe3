// The load generator: `clients` concurrent keep-alive clients posting chat completions, either paced
// (each client at a fixed request rate, so latency measures the path and not a queue) or as fast as
// the server answers (throughput).
import http from 'node:http';

export type Target = { name: string; url: string; apiKey: string; model: string };
export type LoadResult = { latenciesMs: number[]; seconds: number; errors: number };

export async function runLoad(target: Target, options: { clients: number; seconds: number; perClientRps: number | null }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.clients });
  const url = new URL(`${target.url}/chat/completions`);
  const body = JSON.stringify({
    model: target.model,
    messages: [{ role: 'user', content: 'Review: the benchmark went well.' }],
    max_tokens: 8,
    temperature: 0,
  });
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;

  const once = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const request = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${target.apiKey}` },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode === 200) latenciesMs.push(performance.now() - t0);
            else errors++;
            resolve();
          });
        },
      );
      request.on('error', () => {
        errors++;
        resolve();
      });
      request.end(body);
    });

  const client = async (index: number) => {
    const interval = options.perClientRps ? 1000 / options.perClientRps : 0;
    // Spread the paced clients over one interval so they do not fire in lockstep.
    if (interval) await sleep((interval * index) / options.clients);
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await once();
      if (interval) await sleep(Math.max(0, interval - (performance.now() - t0)));
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  agent.destroy();
  return { latenciesMs, seconds: (performance.now() - started) / 1000, errors };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
