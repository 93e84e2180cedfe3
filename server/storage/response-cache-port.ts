// The port of the response cache: grading's contract (server/grading/response-cache.ts), already
// async: on PostgreSQL the cache is shared by every worker.
import type { ResponseCache } from '../grading/response-cache.js';

export type ResponseCachePort = ResponseCache;
