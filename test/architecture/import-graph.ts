// The project's import graph, read with a real TypeScript parser (swc), for the architecture rules.
//
// Why not dependency-cruiser or eslint-plugin-boundaries: both parse TypeScript through the
// `typescript` package's JavaScript API, which TypeScript 7 (the native compiler this project
// builds with) no longer ships, and dependency-cruiser's swc mode cannot parse .tsx. Reading the
// imports ourselves is a small job on top of swc's parser; the rules stay data (import-rules.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import { parseSync, type ModuleItem, type Node } from '@swc/core';

export type ImportEdge = {
  /** Importing file, relative to the repository root with forward slashes. */
  from: string;
  /** Imported file (resolved), same form. */
  to: string;
  /** `import type`, or every name imported is a type: erased from the JavaScript. */
  typeOnly: boolean;
  /** `import('...')`, loaded lazily. */
  dynamic: boolean;
};

const SOURCE = /\.(ts|tsx)$/;

export function listSources(root: string, dirs: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(full);
      } else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        files.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  };
  for (const dir of dirs) walk(path.join(root, dir));
  return files.sort();
}

/** `./x.js` in TypeScript sources means `./x.ts` (or .tsx, or a folder's index). */
function resolveSpecifier(root: string, from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const stem = base.replace(/\.(js|jsx|ts|tsx)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}/index.ts`, `${stem}/index.tsx`];
  return candidates.find((candidate) => fs.existsSync(path.join(root, candidate)) && fs.statSync(path.join(root, candidate)).isFile()) ?? base;
}

/** Every `import('...')` with a literal argument, anywhere in the file. */
function dynamicImports(node: unknown, found: string[]): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) dynamicImports(item, found);
    return;
  }
  const value = node as Node & { callee?: Node; arguments?: { expression: Node & { value?: unknown } }[] };
  if (value.type === 'CallExpression' && value.callee?.type === 'Import') {
    const argument = value.arguments?.[0]?.expression;
    if (argument?.type === 'StringLiteral' && typeof argument.value === 'string') found.push(argument.value);
  }
  for (const child of Object.values(value)) if (child && typeof child === 'object') dynamicImports(child, found);
}

function staticImports(item: ModuleItem): { specifier: string; typeOnly: boolean } | null {
  if (item.type === 'ImportDeclaration') {
    const allTypes = item.specifiers.length > 0 && item.specifiers.every((s) => s.type === 'ImportSpecifier' && s.isTypeOnly);
    return { specifier: item.source.value, typeOnly: item.typeOnly || allTypes };
  }
  if ((item.type === 'ExportAllDeclaration' || item.type === 'ExportNamedDeclaration') && item.source) {
    const allTypes =
      item.type === 'ExportNamedDeclaration' && item.specifiers.length > 0 && item.specifiers.every((s) => s.type === 'ExportSpecifier' && s.isTypeOnly);
    return { specifier: item.source.value, typeOnly: (item.type === 'ExportNamedDeclaration' && item.typeOnly) || allTypes };
  }
  return null;
}

export function readImportGraph(root: string, dirs: string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of listSources(root, dirs)) {
    const module = parseSync(fs.readFileSync(path.join(root, file), 'utf8'), { syntax: 'typescript', tsx: file.endsWith('.tsx') });
    for (const item of module.body) {
      const found = staticImports(item);
      const to = found && resolveSpecifier(root, file, found.specifier);
      if (found && to) edges.push({ from: file, to, typeOnly: found.typeOnly, dynamic: false });
    }
    const lazy: string[] = [];
    dynamicImports(module.body, lazy);
    for (const specifier of lazy) {
      const to = resolveSpecifier(root, file, specifier);
      if (to) edges.push({ from: file, to, typeOnly: false, dynamic: true });
    }
  }
  return edges;
}

/** Strongly connected components with more than one file (Tarjan), each sorted, for stable messages. */
export function findCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return cycles;
}
