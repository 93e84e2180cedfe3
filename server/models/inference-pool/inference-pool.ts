// The inference pool: local-model calls (generate, choice scoring, CLIP embeddings, loading) run in
// member processes, never on the thread that serves HTTP. A member builds a model the first time a
// call needs it and keeps it, so memory is (models in use) x (members), bounded by the pool size.
//
// Child processes, not worker threads (piscina was tried first, then removed): both
// onnxruntime-node and sharp load in worker threads, but ending a worker thread while onnxruntime
// runs a forward pass aborts the whole process ("terminate called after throwing an instance of
// 'Napi::Error'", measured here). A member must be killable mid-call (a cancelled call that does
// not stop, a member that hangs) and a member's native crash or out-of-memory must not take the
// server with it: a process gives both. The price is a Node.js runtime per member (see the README
// for RSS) and results copied over the IPC pipe (small: text, scores, embeddings).
//
// - Queue: two levels (PriorityQueue); interactive calls go before batch calls (submission grading).
// - Cancel: a queued call is dropped at once; a running one gets a `cancel` message that aborts its
//   signal in the member, seen at the next token or batch, so the member keeps its loaded models.
//   If it has not stopped after `cancelGraceMs`, the member is killed (the fallback).
// - Crash: a member that exits fails its call with PoolMemberFailed (retryable: not the student's
//   fault); the next call starts a fresh member.
// - Members start on demand, up to `size`: a CLI command or a server without local models starts none.
// - CPU: members run niced (the HTTP thread gets a core first), and each member's onnxruntime
//   sessions get its share of the cores as threads (member-threads.ts: onnxruntime would otherwise
//   give every member a thread per core).
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Cancelled, ProviderError } from '../../core/errors.js';
import type { CallPriority } from '../../core/model.js';
import { PoolMemberFailed, deserializeError } from './pool-errors.js';
import type { FromMember, MemberSettings, PoolCall, PoolTarget, ToMember } from './pool-protocol.js';
import { memberThreads } from './member-threads.js';
import { PriorityQueue } from './priority-queue.js';

export type InferencePoolOptions = {
  /** Members (processes); each runs one call at a time. */
  size: number;
  /** The defaults of the in-process factory (SANDBOX_MODELS_DIR, SANDBOX_OFFLINE, working directory). */
  settings: MemberSettings;
  /** How long a cancelled call may keep running before its member is killed; default 5 s. */
  cancelGraceMs?: number;
  /** Where a member's failures are reported (its exit, a failed start). */
  log?: (line: string) => void;
  /**
   * Added to the members' scheduling niceness (default 10): when the cores are busy with inference
   * (onnxruntime uses every core it is given), the server's own thread still gets the CPU at once
   * for a light request. 0 keeps the server's priority.
   */
  niceIncrement?: number;
  /**
   * onnxruntime intra-op threads per member; default the cores shared out (memberThreads). 1 is for
   * a machine the server shares with other work, and for measuring how members scale.
   */
  threadsPerMember?: number;
};

export type PoolCallOptions = {
  priority?: CallPriority;
  signal?: AbortSignal;
  /** Streams generated text from the member as it is produced. */
  onText?: (delta: string) => void;
  /** Told at once that the call is queued, with a promise that settles when a member starts it (see CallOptions). */
  onQueued?: (started: Promise<void>) => void;
};

export type InferencePoolStats = {
  size: number;
  /** Members alive (starting or started). */
  members: number;
  running: Record<CallPriority, number>;
  queued: Record<CallPriority, number>;
  /** Members that died and were replaced (crashes, cancels that did not stop in time). */
  memberFailures: number;
};

export type InferencePool = {
  readonly size: number;
  readonly settings: MemberSettings;
  /** onnxruntime intra-op threads each member's sessions get. */
  readonly threadsPerMember: number;
  run(target: PoolTarget, call: PoolCall, options?: PoolCallOptions): Promise<unknown>;
  stats(): InferencePoolStats;
  /**
   * Starts every member now instead of on demand (a server warming up, a benchmark). Models still
   * load on each member's first call for them.
   */
  start(): Promise<void>;
  /** Process ids of the members alive now (operations and tests: killing one is what a crash looks like). */
  memberPids(): number[];
  /** Fails queued calls, waits for running ones (at most `graceMs`, default 10 s), then ends the members. */
  close(graceMs?: number): Promise<void>;
};

type PendingCall = {
  id: number;
  target: PoolTarget;
  call: PoolCall;
  priority: CallPriority;
  onText?: (delta: string) => void;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  settled: boolean;
  /** Settles the promise handed to onQueued: a member has the call (or it ended without one). */
  markStarted(): void;
  member: Member | null;
  cancelled: boolean;
  detach(): void;
};

type Member = {
  child: ChildProcess;
  started: boolean;
  /** Settles when the member has said it is ready (or has exited). */
  ready: Promise<void>;
  markReady(): void;
  current: PendingCall | null;
  exited: Promise<void>;
};

const ENTRY = fileURLToPath(new URL('./pool-member-entry.js', import.meta.url));

export function createInferencePool(options: InferencePoolOptions): InferencePool {
  const size = Math.max(1, Math.floor(options.size));
  const cancelGraceMs = options.cancelGraceMs ?? 5_000;
  const niceIncrement = options.niceIncrement ?? 10;
  // Every member gets the same share, fixed by the pool's size (not by how many have started).
  const settings: MemberSettings = { ...options.settings, sessionThreads: options.threadsPerMember ?? memberThreads(size, os.availableParallelism()) };
  const log = options.log ?? ((line: string) => console.error(line));
  const queue = new PriorityQueue<PendingCall>();
  const members = new Set<Member>();
  let nextId = 1;
  let memberFailures = 0;
  // Members that died before they were ready, since one last came up. A member killed while
  // starting is replaced; only when every slot of the pool failed in a row is the install broken.
  let startFailuresInARow = 0;
  let closing = false;

  function settle(pending: PendingCall, outcome: { value: unknown } | { error: unknown }) {
    if (pending.settled) return;
    pending.settled = true;
    pending.markStarted();
    pending.detach();
    if ('error' in outcome) pending.reject(outcome.error);
    else pending.resolve(outcome.value);
  }

  function send(member: Member, message: ToMember) {
    if (member.child.connected) member.child.send(message);
  }

  /** Idle members must not keep a finished CLI command alive; busy ones must (a call is awaited). */
  function setBusy(member: Member, busy: boolean) {
    const channel = member.child.channel as { ref?(): void; unref?(): void } | undefined;
    if (busy) {
      member.child.ref();
      channel?.ref?.();
    } else {
      member.child.unref();
      channel?.unref?.();
    }
  }

  function spawnMember(): Member {
    // `node <entry>` as fork() would start it, without the parent's flags (vitest's, tsx's,
    // --inspect): the member registers tsx itself (pool-member-entry.js).
    const child = spawn(process.execPath, [ENTRY, JSON.stringify(settings)], {
      // Structured clone over IPC: typed arrays (embeddings, image bytes) cross as they are.
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    if (niceIncrement !== 0 && child.pid !== undefined) {
      try {
        os.setPriority(child.pid, Math.min(19, os.getPriority(child.pid) + niceIncrement));
      } catch (error) {
        log(`inference pool: could not lower member ${child.pid}'s priority: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    let markExited: () => void = () => {};
    let markReady: () => void = () => {};
    const member: Member = {
      child,
      started: false,
      current: null,
      ready: new Promise((resolve) => (markReady = resolve)),
      markReady: () => markReady(),
      exited: new Promise((resolve) => (markExited = resolve)),
    };
    void member.exited.then(() => markReady());
    members.add(member);
    child.on('message', (message: FromMember) => onMemberMessage(member, message));
    let gone = false;
    const onGone = (reason: string) => {
      if (gone) return;
      gone = true;
      members.delete(member);
      markExited();
      const pending = member.current;
      member.current = null;
      if (!member.started) startFailuresInARow++;
      const othersUp = [...members].some((other) => other.started);
      if (!member.started && !closing && !othersUp && startFailuresInARow >= size) {
        // Members never come up (a broken install, no memory) and none serves: waiting calls would wait forever.
        // One failed start alone is not enough: a member killed while starting (OOM killer, an operator) is replaced.
        const error = new ProviderError(`local models cannot run: an inference worker stopped while starting (${reason})`, { retryable: false });
        for (const queued of queue.drain()) settle(queued, { error });
      }
      if (pending && !pending.settled) {
        memberFailures++;
        log(`inference pool: member ${child.pid ?? '?'} stopped (${reason}) during a call to ${pending.target.model.id}`);
        settle(pending, { error: new PoolMemberFailed(pending.target.model.id, new Error(reason)) });
      } else if (pending) {
        // Killed after a cancel that did not stop in time: counted, nobody is waiting.
        memberFailures++;
      }
      dispatch();
    };
    child.on('error', (error) => {
      log(`inference pool: member ${child.pid ?? '?'}: ${error.message}`);
      // A process that could not be started emits no 'exit' for sure.
      if (child.pid === undefined || child.exitCode !== null) onGone(error.message);
    });
    child.on('exit', (code, signal) => onGone(signal ? `killed by ${signal}` : `exit code ${code}`));
    setBusy(member, true);
    return member;
  }

  function onMemberMessage(member: Member, message: FromMember) {
    if (message.type === 'ready') {
      member.started = true;
      startFailuresInARow = 0;
      member.markReady();
      dispatch();
      return;
    }
    const pending = member.current;
    if (!pending || pending.id !== message.id) return;
    if (message.type === 'delta') {
      if (pending.settled || !pending.onText) return;
      try {
        pending.onText(message.delta);
      } catch (error) {
        // The caller's own callback failed: stop the generation and hand back its error, as in-process.
        cancelRunning(pending, error);
      }
      return;
    }
    member.current = null;
    if (message.envelope.ok) settle(pending, { value: message.envelope.value });
    else settle(pending, { error: deserializeError(message.envelope.error, pending.target.model.id) });
    dispatch();
  }

  function cancelRunning(pending: PendingCall, error: unknown) {
    const member = pending.member;
    pending.cancelled = true;
    settle(pending, { error });
    if (!member) return;
    send(member, { type: 'cancel', id: pending.id });
    const timer = setTimeout(() => {
      if (member.current === pending) {
        log(`inference pool: a cancelled call to ${pending.target.model.id} did not stop within ${cancelGraceMs} ms; restarting its worker`);
        member.child.kill('SIGKILL');
      }
    }, cancelGraceMs);
    timer.unref();
  }

  function dispatch() {
    if (closing) return;
    while (queue.size > 0) {
      const idle = [...members].find((member) => member.started && member.current === null && member.child.connected);
      if (!idle) {
        const starting = [...members].filter((member) => !member.started).length;
        // Start members for the waiting calls, up to the pool size.
        if (members.size < size && starting < queue.size) {
          spawnMember();
          continue;
        }
        break;
      }
      const pending = queue.shift()!;
      pending.markStarted();
      pending.member = idle;
      idle.current = pending;
      setBusy(idle, true);
      send(idle, { type: 'call', id: pending.id, target: pending.target, call: pending.call, stream: Boolean(pending.onText) });
    }
    for (const member of members) if (member.started && member.current === null) setBusy(member, false);
  }

  function run(target: PoolTarget, call: PoolCall, callOptions: PoolCallOptions = {}): Promise<unknown> {
    const { signal } = callOptions;
    if (signal?.aborted) return Promise.reject(new Cancelled());
    if (closing) return Promise.reject(new Cancelled('the local inference pool is shutting down'));
    let markStarted = () => {};
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    callOptions.onQueued?.(started);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        if (queue.remove(pending)) settle(pending, { error: new Cancelled() });
        else cancelRunning(pending, new Cancelled());
      };
      const pending: PendingCall = {
        id: nextId++,
        target,
        call,
        priority: callOptions.priority ?? 'interactive',
        ...(callOptions.onText ? { onText: callOptions.onText } : {}),
        resolve,
        reject,
        settled: false,
        markStarted,
        member: null,
        cancelled: false,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(pending, pending.priority);
      dispatch();
    });
  }

  return {
    size,
    settings: options.settings,
    threadsPerMember: settings.sessionThreads ?? 1,
    run,
    stats: () => ({
      size,
      members: members.size,
      running: {
        interactive: [...members].filter((member) => member.current?.priority === 'interactive').length,
        batch: [...members].filter((member) => member.current?.priority === 'batch').length,
      },
      queued: queue.sizes(),
      memberFailures,
    }),
    async start() {
      while (!closing && members.size < size) spawnMember();
      await Promise.all([...members].map((member) => member.ready));
      dispatch();
    },
    memberPids: () => [...members].flatMap((member) => (member.child.pid === undefined || member.child.exitCode !== null ? [] : [member.child.pid])),
    async close(graceMs = 10_000) {
      closing = true;
      for (const queued of queue.drain()) settle(queued, { error: new Cancelled('the local inference pool is shutting down') });
      const all = [...members];
      const busy = all.filter((member) => member.current !== null);
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([Promise.all(busy.map((member) => waitIdle(member))), timeout]);
      for (const member of all) {
        // Held until it has exited: an idle member is unref'd, and awaiting it must keep the process up.
        member.child.ref();
        // Closing the channel ends a member on its own (it exits on disconnect); a stuck one is killed.
        if (member.child.connected) member.child.disconnect();
        const killTimer = setTimeout(() => member.child.kill('SIGKILL'), 2_000);
        killTimer.unref();
        await member.exited;
        clearTimeout(killTimer);
      }
    },
  };
}

function waitIdle(member: Member): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (member.current === null || member.child.exitCode !== null ? resolve() : setTimeout(check, 20).unref());
    check();
  });
}
