// Latency through two web processes: the gateway (bench/gateway's paced load generator against
// each web process at once, /v1/chat/completions answered by the fake OpenAI server) and
// POST /api/submissions, paced round robin over both processes and the students. Paced, so that
// the figures are the path's latency and not a queue the load generator built.
import { percentile, runLoad } from '../gateway/load.js';
import { GATEWAY_MODEL } from './deployment.js';
import { submit } from './submissions.js';

export type Latency = { count: number; errors: number; p50: number; p99: number; max: number };

export function latencyOf(values: number[], errors = 0): Latency {
  const round = (value: number) => Math.round(value * 10) / 10;
  return { count: values.length, errors, p50: round(percentile(values, 50)), p99: round(percentile(values, 99)), max: round(Math.max(...values)) };
}

/** `clientsPerWeb` clients on each web process, each `perClientRps` requests a second, for `seconds`. */
export async function gatewayLatency(bases: string[], token: string, options: { clientsPerWeb: number; perClientRps: number; seconds: number }) {
  const runs = await Promise.all(
    bases.map((base, i) =>
      runLoad(
        { name: `web ${i}`, url: `${base}/v1`, apiKey: token, model: GATEWAY_MODEL },
        { clients: options.clientsPerWeb, seconds: options.seconds, perClientRps: options.perClientRps },
      ),
    ),
  );
  return latencyOf(
    runs.flatMap((run) => run.latenciesMs),
    runs.reduce((sum, run) => sum + run.errors, 0),
  );
}

/** `perSecond` submissions a second for `seconds`; their ids (queued for grading) and latency. */
export async function submitLatency(bases: string[], tokens: string[], options: { perSecond: number; seconds: number }) {
  const count = Math.round(options.perSecond * options.seconds);
  const started = performance.now();
  const sent = await Promise.all(
    Array.from({ length: count }, async (_, n) => {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + (1000 * n) / options.perSecond - performance.now())));
      return submit(bases[n % bases.length]!, tokens[n % tokens.length]!);
    }),
  );
  return { ids: sent.map((s) => s.id), latency: latencyOf(sent.map((s) => s.ms)) };
}

/**
 * A fresh web process answers its first requests slowly (its modules load on first use: the first
 * POST took 12 s at load 8): two submissions and a second of gateway requests on each before
 * anything is measured. Returns the submissions' ids (queued for grading).
 */
export async function warmWeb(bases: string[], tokens: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, base] of bases.entries()) {
    for (let n = 0; n < 2; n++) ids.push((await submit(base, tokens[(2 * i + n) % tokens.length]!)).id);
    await runLoad({ name: `warm ${i}`, url: `${base}/v1`, apiKey: tokens[0]!, model: GATEWAY_MODEL }, { clients: 2, seconds: 1, perClientRps: null });
  }
  return ids;
}
