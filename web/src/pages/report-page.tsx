import type { RouteParams } from '../router/match-route.js';

export function ReportPage(_props: { params: RouteParams }) {
  return null;
}
export function StaffReportPage(_props: { params: RouteParams }) {
  return null;
}
