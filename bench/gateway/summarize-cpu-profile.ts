// Reads a V8 .cpuprofile (node --cpu-prof, or the inspector's Profiler) and says where the busy
// time went: self time by function, self time by package (node_modules/<name>, node internals,
// this project's files, GC; native code counted to the package that called it),
// and inclusive time by package (samples with any frame of the package on the stack), so that
// "how much of a request is the SDK" can be read off directly. Idle time is left out of the shares.
import fs from 'node:fs';

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

export type Share = { name: string; ms: number; percent: number };
export type ProfileSummary = { busyMs: number; idleMs: number; byFunction: Share[]; byPackage: Share[]; inclusiveByPackage: Share[] };

/** Where a frame belongs: a package under node_modules, node's own code, a project file, or a V8 pseudo-frame. */
export function packageOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1]!;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').replace(/\/.*$/, '');
  const project = /\/(server|bench|test)\/(.*)$/.exec(url);
  return project ? `${project[1]}/${project[2]}` : url;
}

function label(frame: CallFrame): string {
  const file = frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|bench|test)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
}

function top(totals: Map<string, number>, busyMs: number, n: number): Share[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => ({ name, ms: Math.round(ms), percent: Math.round((1000 * ms) / busyMs) / 10 }));
}

export function summarizeCpuProfile(profile: CpuProfile, n = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    // The first delta runs from Profiler.start to the first sample: start-up of the profiler itself.
    if (i === 0) return;
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });

  /** A native frame (writev, a SQLite statement's run) belongs to the package that called it. */
  function ownerOf(id: number): string {
    const frame = byId.get(id)!.callFrame;
    if (frame.url || frame.functionName.startsWith('(')) return packageOf(frame);
    for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
      const caller = byId.get(at)!.callFrame;
      if (caller.url) return `${packageOf(caller)} (native)`;
    }
    return '(native)';
  }

  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let idleMs = 0;
  let busyMs = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    busyMs += ms;
    byFunction.set(label(node.callFrame), (byFunction.get(label(node.callFrame)) ?? 0) + ms);
    const own = ownerOf(id);
    byPackage.set(own, (byPackage.get(own) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = packageOf(byId.get(at)!.callFrame);
      if (name !== '(root)') seen.add(name);
    }
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
  }
  return {
    busyMs: Math.round(busyMs),
    idleMs: Math.round(idleMs),
    byFunction: top(byFunction, busyMs, n),
    byPackage: top(byPackage, busyMs, n),
    inclusiveByPackage: top(inclusive, busyMs, n),
  };
}

export function printProfileSummary(summary: ProfileSummary, requests: number): void {
  const perRequest = (ms: number) => (requests ? ` ${((1000 * ms) / requests).toFixed(0).padStart(5)} us/req` : '');
  console.log(
    `busy ${summary.busyMs} ms, idle ${summary.idleMs} ms${requests ? `, ${requests} requests: ${(summary.busyMs / requests).toFixed(2)} ms busy per request` : ''}`,
  );
  for (const [title, rows] of [
    ['self time by function', summary.byFunction],
    ['self time by package', summary.byPackage],
    ['inclusive time by package (any frame on the stack)', summary.inclusiveByPackage],
  ] as const) {
    console.log(`\n${title}`);
    for (const row of rows) console.log(`${row.percent.toFixed(1).padStart(5)}% ${String(row.ms).padStart(6)} ms${perRequest(row.ms)}  ${row.name}`);
  }
}

// As a script: npx tsx bench/gateway/summarize-cpu-profile.ts <file.cpuprofile> [requests]
if (process.argv[1] && import.meta.filename === fs.realpathSync(process.argv[1])) {
  const [file, requests] = process.argv.slice(2);
  if (!file) throw new Error('usage: summarize-cpu-profile.ts <file.cpuprofile> [requests]');
  printProfileSummary(summarizeCpuProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile), Number(requests ?? 0));
}
