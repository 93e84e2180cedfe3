// Time comes in as a dependency so tests can move it (daily submission limits, rate-limit windows,
// session expiry) without sleeping.
export type Clock = { now: () => number };

export const systemClock: Clock = { now: () => Date.now() };
