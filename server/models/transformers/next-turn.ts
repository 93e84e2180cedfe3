// onnxruntime-node runs each forward pass synchronously, so a loop of `await forward()` never lets
// the event loop turn: timers, sockets and IPC messages wait until the whole call is over. The
// model loops await one turn between steps (tokens, batches) so that a cancel can arrive (an
// inference pool member reads its `cancel` message there; in-process, a client that went away is
// noticed) and, without a pool, the server still answers between tokens. A turn costs microseconds
// against a forward pass of milliseconds.
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
