// How many onnxruntime threads each pool member's sessions get: the cores shared out between the
// members. onnxruntime's default is a thread per core for every session, so N members on N cores
// would each run N busy threads and contend (measured: a pool of 2 graded slower than a pool of 1;
// bench/README.md, surge). One member keeps every core; more members than cores get one each.
export function memberThreads(size: number, cores: number): number {
  return Math.max(1, Math.floor(cores / Math.max(1, size)));
}
