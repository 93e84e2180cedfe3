import type { RouteParams } from '../router/match-route.js';

export function ComparePage(_props: { params: RouteParams }) {
  return null;
}
