// The async port of the analysis_jobs rows (state and progress of staff analysis jobs), so any
// instance answers a poll; the jobs themselves run in analysis-jobs.ts.
import type { AsyncPort } from '../core/async-port.js';
import type { AnalysisJobRecords } from './analysis-job-records.js';

export type AnalysisJobRecordsPort = AsyncPort<AnalysisJobRecords>;
