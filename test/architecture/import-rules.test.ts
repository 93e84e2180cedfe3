// The architecture as rules that fail the build. Data flows one way:
//   tasks/ -> catalog -> prompts -> models -> grading (evaluators) -> services -> http -> cli
// and the web app talks to the server over HTTP, sharing only types (and the pure modules under
// server/shared/, which hold logic both sides must agree on). A rule names what it protects, so a
// failure says which design decision a change is about to break, not only which line.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, readImportGraph, type ImportEdge } from './import-graph.js';

const root = path.resolve(import.meta.dirname, '../..');
const edges = readImportGraph(root, ['server', 'web/src', 'evaluators', 'bench', 'test', 'testkit', 'tasks']);

const inside = (file: string, ...dirs: string[]) => dirs.some((dir) => file === dir || file.startsWith(`${dir}/`) || file.startsWith(`${dir}.`));
const ours = (file: string) => inside(file, 'server', 'web', 'evaluators', 'bench', 'test', 'testkit', 'tasks');
const describeEdge = (edge: ImportEdge) => `${edge.from} -> ${edge.to}${edge.typeOnly ? ' (type)' : ''}`;

function violations(from: (file: string) => boolean, forbidden: (edge: ImportEdge) => boolean): string[] {
  return edges.filter((edge) => from(edge.from) && ours(edge.to) && forbidden(edge)).map(describeEdge);
}

/** Server folders below grading: what a grading run may build on. */
const BELOW_GRADING = ['server/core', 'server/catalog', 'server/prompts', 'server/models', 'server/grading'];

describe('architecture', () => {
  it('reads the whole project (the parser found the sources and their imports)', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges.some((edge) => edge.from === 'server/http/create-app.ts')).toBe(true);
  });

  it('server/core, the contract, imports nothing of ours but itself and the pure shared modules', () => {
    expect(
      violations(
        (f) => inside(f, 'server/core'),
        (e) => !inside(e.to, 'server/core', 'server/shared'),
      ),
    ).toEqual([]);
  });

  it('evaluators depend only on the core contract (and the pure shared modules)', () => {
    expect(
      violations(
        (f) => inside(f, 'evaluators'),
        (e) => !inside(e.to, 'evaluators', 'server/core', 'server/shared'),
      ),
    ).toEqual([]);
  });

  it('catalog and prompts sit on the core only', () => {
    expect(
      violations(
        (f) => inside(f, 'server/catalog', 'server/prompts'),
        (e) => !inside(e.to, 'server/core', 'server/catalog', 'server/prompts', 'server/shared'),
      ),
    ).toEqual([]);
  });

  it('models know nothing of config, grading, storage or the server', () => {
    expect(
      violations(
        (f) => inside(f, 'server/models'),
        (e) => !inside(e.to, 'server/core', 'server/models', 'server/shared'),
      ),
    ).toEqual([]);
  });

  it('grading does not import storage, services, http or cli', () => {
    expect(
      violations(
        (f) => inside(f, 'server/grading'),
        (e) => !inside(e.to, ...BELOW_GRADING, 'server/shared'),
      ),
    ).toEqual([]);
  });

  it('nothing below http imports http or cli, and nothing in the server imports web, test or bench', () => {
    expect(
      violations(
        (f) => inside(f, 'server') && !inside(f, 'server/http', 'server/cli'),
        (e) => inside(e.to, 'server/http', 'server/cli'),
      ),
    ).toEqual([]);
    expect(
      violations(
        (f) => inside(f, 'server/http'),
        (e) => inside(e.to, 'server/cli'),
      ),
    ).toEqual([]);
    expect(
      violations(
        (f) => inside(f, 'server', 'evaluators'),
        (e) => inside(e.to, 'web', 'test', 'testkit', 'bench'),
      ),
    ).toEqual([]);
  });

  it('the web app imports from the server only types from server/core and the pure modules of server/shared', () => {
    const allowed = (edge: ImportEdge) => (edge.typeOnly && inside(edge.to, 'server/core')) || inside(edge.to, 'server/shared');
    expect(
      violations(
        (f) => inside(f, 'web'),
        (e) => !inside(e.to, 'web') && !allowed(e),
      ),
    ).toEqual([]);
  });

  it('server/shared is pure: it imports nothing but itself', () => {
    expect(
      violations(
        (f) => inside(f, 'server/shared'),
        (e) => !inside(e.to, 'server/shared'),
      ),
    ).toEqual([]);
  });

  it('bench does not import test; what benchmarks and tests share (tiny models, the fake OpenAI server, a sandbox app) is testkit, which imports neither', () => {
    expect(
      violations(
        (f) => inside(f, 'bench'),
        (e) => inside(e.to, 'test'),
      ),
    ).toEqual([]);
    expect(
      violations(
        (f) => inside(f, 'testkit'),
        (e) => inside(e.to, 'test', 'bench'),
      ),
    ).toEqual([]);
  });

  it('no import cycles (type-only and lazy imports count: they tie the files together too)', () => {
    const cycles = findCycles(edges.filter((edge) => inside(edge.from, 'server', 'web', 'evaluators', 'bench', 'testkit')));
    expect(cycles.map((cycle) => cycle.join(' <-> '))).toEqual([]);
  });
});
