// The inference pool on generated models, with the real transformers.js loading code in real member
// processes: the same answers as in-process, typed errors across the process boundary, interactive
// calls before batch ones, cancellation that keeps the member, and a killed member replaced.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cancelled, ConfigError, ProviderError } from '../../../server/core/errors.js';
import type { ImageTextModel, TextModel, TextRequest } from '../../../server/core/model.js';
import { createModelCaller } from '../../../server/grading/model-caller.js';
import { defaultRetryPolicy } from '../../../server/grading/retry.js';
import { InvalidImage } from '../../../server/models/images/invalid-image.js';
import { PoolMemberFailed } from '../../../server/models/inference-pool/pool-errors.js';
import { createInferencePool, type InferencePool } from '../../../server/models/inference-pool/inference-pool.js';
import { parseModelsConfig } from '../../../server/models/models-config.js';
import { poolSettings, providerFactories } from '../../../server/models/provider-factories.js';
import { createModelRegistry, type ConfiguredModelRegistry } from '../../../server/models/registry.js';
import { localTasksDir } from '../../support/local-tasks.js';
import { makeSlowModelsDir, slowModelsYaml } from '../../../testkit/slow-models.js';
import { waitFor } from '../../support/wait-for.js';

const request = (text: string, maxTokens: number): TextRequest => ({ prompt: { style: 'completion', text }, temperature: 0, topP: 1, maxTokens, stop: [] });
const image = (name: string) => path.join(localTasksDir, 'colours/images', name);

let models: Awaited<ReturnType<typeof makeSlowModelsDir>>;
let pool: InferencePool;
let pooled: ConfiguredModelRegistry;
let inProcess: ConfiguredModelRegistry;

function registry(withPool: InferencePool | null) {
  return createModelRegistry({
    config: parseModelsConfig(
      slowModelsYaml({ models: ['{ id: absent, provider: local, model: not-there, kind: text, style: completion }'] }),
      'pool test models.yaml',
    ),
    env: {},
    factories: providerFactories({ timeoutMs: 10_000, modelsDir: models.dir, offline: true }, withPool),
  });
}

beforeAll(async () => {
  // About 10 ms of MatMuls per forward pass: long enough to cancel a call mid-generation.
  models = await makeSlowModelsDir(1);
  pool = createInferencePool({ size: 2, settings: poolSettings({ modelsDir: models.dir, offline: true }), log: () => {} });
  pooled = registry(pool);
  inProcess = registry(null);
});
afterAll(async () => {
  await pool.close();
  await models.remove();
});

describe('same answers as in-process', () => {
  it('generation (streamed in order), choice scores and token counts', async () => {
    const local = pooled.get('tiny') as TextModel;
    const direct = inProcess.get('tiny') as TextModel;
    const deltas: string[] = [];
    const answer = await local.generate(request('abc', 5), { onText: (delta) => deltas.push(delta) });
    expect(answer).toEqual(await direct.generate(request('abc', 5)));
    expect(answer.text).toBe('defgh');
    expect(deltas.join('')).toBe('defgh');
    const prompt = { style: 'completion' as const, text: 'The letter after m is' };
    expect(await local.scoreChoices!(prompt, [' n', ' q', ''])).toEqual(await direct.scoreChoices!(prompt, [' n', ' q', '']));
    expect(local.countTokens('hello world')).toBe(direct.countTokens('hello world'));
    expect(local.fingerprint).toBe(direct.fingerprint);
  });

  it('chat models render with their template in the member', async () => {
    const chat = { prompt: { style: 'chat' as const, messages: [{ role: 'user' as const, content: 'hi' }] }, temperature: 0, topP: 1, maxTokens: 3, stop: [] };
    expect(await (pooled.get('tiny-chat') as TextModel).generate(chat)).toEqual(await (inProcess.get('tiny-chat') as TextModel).generate(chat));
  });

  it('CLIP text and image embeddings (files and uploaded bytes), and the logit scale', async () => {
    const local = pooled.get('clip') as ImageTextModel;
    const direct = inProcess.get('clip') as ImageTextModel;
    const texts = ['a red thing', 'blue', 'a red thing'];
    expect((await local.embedTexts(texts)).map((e) => [...e])).toEqual((await direct.embedTexts(texts)).map((e) => [...e]));
    const images = [{ path: image('red.png') }, { bytes: new Uint8Array(readFileSync(image('green-3.gif'))), name: 'upload.gif' }];
    expect((await local.embedImages(images)).map((e) => [...e])).toEqual((await direct.embedImages(images)).map((e) => [...e]));
    await local.ready?.();
    expect(local.logitScale).toBe(direct.logitScale);
  });
});

describe('typed errors cross the process boundary', () => {
  it('a model that is not there fails ready() with the ConfigError that says how to get it', async () => {
    const error = await (pooled.get('absent') as TextModel).ready!().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('not-there');
  });

  it('a bad image is an InvalidImage naming the file; a prompt over the context is a non-retryable ProviderError', async () => {
    const bad = await (pooled.get('clip') as ImageTextModel).embedImages([{ path: image('truncated.png') }]).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidImage);
    expect((bad as InvalidImage).file).toBe('truncated.png');
    const long = await (pooled.get('tiny') as TextModel).generate(request('x'.repeat(1100), 2)).catch((e: unknown) => e);
    expect(long).toBeInstanceOf(ProviderError);
    expect((long as ProviderError).retryable).toBe(false);
  });
});

describe('scheduling', () => {
  it('an interactive call overtakes queued batch calls', async () => {
    const slow = pooled.get('slow') as TextModel;
    await slow.ready!();
    const finished: string[] = [];
    const batch = Array.from({ length: 6 }, (_, i) => slow.generate(request('abc', 20), { priority: 'batch' }).then(() => finished.push(`batch ${i}`)));
    // Both members are busy with the first two batch calls; four more wait.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pool.stats().queued.batch).toBeGreaterThanOrEqual(3);
    const interactive = slow.generate(request('abc', 1)).then(() => finished.push('interactive'));
    await Promise.all([...batch, interactive]);
    // Behind at most the calls already running when it arrived.
    expect(finished.indexOf('interactive')).toBeLessThanOrEqual(2);
  });

  it('a queued call that is cancelled leaves the queue at once', async () => {
    const slow = pooled.get('slow') as TextModel;
    const busy = [slow.generate(request('abc', 30)), slow.generate(request('abc', 30))];
    const controller = new AbortController();
    const queued = slow.generate(request('abc', 30), { signal: controller.signal, priority: 'batch' });
    expect(pool.stats().queued.batch).toBe(1);
    controller.abort();
    await expect(queued).rejects.toBeInstanceOf(Cancelled);
    expect(pool.stats().queued.batch).toBe(0);
    await Promise.all(busy);
  });

  it('a running call that is cancelled stops at the next token and its member (with its models) serves the next call', async () => {
    const slow = pooled.get('slow') as TextModel;
    const pids = pool.memberPids();
    const failuresBefore = pool.stats().memberFailures;
    const controller = new AbortController();
    const running = slow.generate(request('abc', 500), { signal: controller.signal });
    // Cancelled once a member runs it (not after a guessed delay).
    await waitFor(() => pool.stats().running.interactive === 1, 'a member to take the call');
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(Cancelled);
    // The member is free again well before the 500 tokens (about 10 ms each, 5 s in all) would have
    // finished: a bound with room for a busy machine, not a measurement.
    await waitFor(() => pool.stats().running.interactive === 0, 'the member to be free again', 2_500);
    expect((await slow.generate(request('abc', 2))).text).toBe('de');
    expect(pool.memberPids().sort()).toEqual(pids.sort());
    expect(pool.stats().memberFailures).toBe(failuresBefore);
  });
});

describe('a member killed mid-call', () => {
  it('fails the call as a retryable infrastructure error; the next call succeeds on a fresh member', async () => {
    const slow = pooled.get('slow') as TextModel;
    const running = slow.generate(request('abc', 500));
    await waitFor(() => pool.stats().running.interactive === 1, 'a member to take the call');
    const busyPids = pool.memberPids();
    // Kill every member: whichever runs the call dies under it.
    for (const pid of busyPids) process.kill(pid, 'SIGKILL');
    const error = await running.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolMemberFailed);
    expect((error as PoolMemberFailed).retryable).toBe(true);
    expect((error as Error).message).toContain('model slow');
    expect((await slow.generate(request('abc', 3))).text).toBe('def');
    expect(pool.memberPids().some((pid) => busyPids.includes(pid))).toBe(false);
  });

  it('a cancelled call that does not stop within the grace period ends its member (the fallback)', async () => {
    const strict = createInferencePool({ size: 1, settings: pool.settings, cancelGraceMs: 0, log: () => {} });
    try {
      const slow = registry(strict).get('slow') as TextModel;
      await slow.ready!();
      const [pid] = strict.memberPids();
      const controller = new AbortController();
      const running = slow.generate(request('abc', 500), { signal: controller.signal });
      await waitFor(() => strict.stats().running.interactive === 1, 'the member to take the call');
      controller.abort();
      await expect(running).rejects.toBeInstanceOf(Cancelled);
      // A wait, not a timing claim: the kill is immediate (grace 0), but a loaded CI machine may be slow to report it.
      await waitFor(() => strict.stats().memberFailures > 0, 'the member to be ended', 20_000);
      expect(strict.stats().memberFailures).toBe(1);
      expect((await slow.generate(request('abc', 2))).text).toBe('de');
      expect(strict.memberPids()).not.toContain(pid);
    } finally {
      await strict.close();
    }
  });
});

describe('a member killed while starting', () => {
  // Each call gets its own pool: the shared one has members up already.
  const killNewMembers = (fresh: InferencePool, seen: Set<number>) => {
    for (const pid of fresh.memberPids()) {
      if (seen.has(pid)) continue;
      seen.add(pid);
      process.kill(pid, 'SIGKILL');
    }
  };

  it('is replaced, and the waiting call is served by the replacement', async () => {
    const fresh = createInferencePool({ size: 2, settings: pool.settings, log: () => {} });
    try {
      const running = (registry(fresh).get('tiny') as TextModel).generate(request('abc', 2));
      await waitFor(() => fresh.memberPids().length > 0, 'a member to be spawned');
      const [first] = fresh.memberPids();
      process.kill(first!, 'SIGKILL');
      expect((await running).text).toBe('de');
      expect(fresh.memberPids()).not.toContain(first);
    } finally {
      await fresh.close();
    }
  });

  it('when every slot fails to start in a row, waiting calls fail with a clear error instead of waiting for ever', async () => {
    const fresh = createInferencePool({ size: 2, settings: pool.settings, log: () => {} });
    const seen = new Set<number>();
    const killer = setInterval(() => killNewMembers(fresh, seen), 5);
    try {
      const error = await (registry(fresh).get('tiny') as TextModel).generate(request('abc', 2)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as Error).message).toMatch(/local models cannot run: an inference worker stopped while starting/);
      expect(seen.size).toBe(2);
    } finally {
      clearInterval(killer);
      await fresh.close();
    }
  });
});

describe('timeouts', () => {
  it("a grading call's timeout counts from when a member takes it, not while it waits in the queue", async () => {
    const single = createInferencePool({ size: 1, settings: pool.settings, log: () => {} });
    try {
      const slow = registry(single).get('slow') as TextModel;
      await slow.ready!();
      const started = performance.now();
      await slow.generate(request('abc', 20));
      const callMs = performance.now() - started;
      // Six calls on one member: the last waits about five calls in the queue, past the timeout.
      const caller = createModelCaller({
        cache: null,
        timeoutMs: Math.ceil(callMs * 3),
        retry: { ...defaultRetryPolicy, maxAttempts: 1 },
        retryDeps: { sleep: async () => {}, random: () => 0 },
        priority: 'batch',
      });
      const answers = await Promise.all(Array.from({ length: 6 }, () => caller.generate(slow, request('abc', 20))));
      expect(answers.map((answer) => answer.value.text)).toEqual(Array(6).fill('defghijklmnopqrstuvw'));
      expect(answers.every((answer) => answer.attempts === 1)).toBe(true);
    } finally {
      await single.close();
    }
  });
});
