import type { RouteParams } from '../router/match-route.js';

export function HistoryPage(_props: { params: RouteParams }) {
  return null;
}
