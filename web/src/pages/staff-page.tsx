import type { RouteParams } from '../router/match-route.js';

export function StaffPage(_props: { params: RouteParams }) {
  return null;
}
