import type { RouteParams } from '../router/match-route.js';

export function StaffSubmissionsPage(_props: { params: RouteParams }) {
  return null;
}
