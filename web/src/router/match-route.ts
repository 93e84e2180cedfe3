// Pure path matching for the app's small route table: '/tasks/:taskId/compare' against a path.

export type RouteParams = Record<string, string>;

export function matchRoute(pattern: string, path: string): RouteParams | null {
  const patternParts = pattern.split('/').filter(Boolean);
  const pathParts = path.split('/').filter(Boolean);
  if (patternParts.length !== pathParts.length) return null;
  const params: RouteParams = {};
  for (let i = 0; i < patternParts.length; i++) {
    const expected = patternParts[i]!;
    const actual = pathParts[i]!;
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null; // a malformed escape is no match rather than a crash
      }
    } else if (expected !== actual) return null;
  }
  return params;
}
