// What the chat and completions readers share: a streamed answer is folded chunk by chunk, then
// finished. Used by the SDK path and the gateway's forwarding path alike.
import type { TextResponse } from '../../core/model.js';

export type StreamReader = {
  /** One parsed chunk of the stream; throws a malformed-response error when it has the wrong shape. */
  push(rawChunk: unknown): void;
  /** The answer once the stream has ended (or was aborted through `signal`). */
  result(signal: AbortSignal | undefined): TextResponse;
};
