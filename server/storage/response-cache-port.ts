// The async port of the response cache (grading's contract, server/grading/response-cache.ts,
// with promises): on PostgreSQL the cache is shared by every worker.
import type { AsyncPort } from '../core/async-port.js';
import type { ResponseCache } from '../grading/response-cache.js';

export type ResponseCachePort = AsyncPort<ResponseCache>;
