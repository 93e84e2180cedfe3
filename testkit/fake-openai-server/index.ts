// The fake OpenAI-compatible server's public API; see server.ts for what it is and why.
export { startFakeOpenAIServer } from './server.js';
export {
  DEFAULT_FAKE_MODELS,
  DESIGNED_LOGPROB,
  designedLogprob,
  echoLastWord,
  FAKE_CREATED,
  fakeGenerate,
  fakePromptTokens,
  fakeTokenize,
  OTHER_LOGPROB,
} from './model.js';
export type {
  FakeChatMessage,
  FakeLogprobContext,
  FakeModelRequest,
  FakeOpenAIServer,
  FakeOpenAIServerOptions,
  FakeServerStats,
  FaultController,
  FaultInput,
  FaultKind,
  FaultSpec,
  RandomFaults,
  RecordedRequest,
} from './types.js';
export { judgeResponder, readJudgeRequest, uniformVerdict } from './judge.js';
export type { JudgeScript, JudgeSeen, JudgeVerdictReply } from './judge.js';
