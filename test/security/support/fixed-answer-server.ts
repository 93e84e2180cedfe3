// The OpenAI-compatible test server in a child process, answering every request with one fixed
// text. The attack tests measure how fast the sandbox answers /healthz; with the model server in
// their own process, its work (thousands of long answers) would be counted against the sandbox.
// Started by startFixedAnswerServer; sends { url } when listening, exits when the parent goes.
import { startFakeOpenAIServer } from '../../../testkit/fake-openai-server/index.js';

const { apiKey, answer } = JSON.parse(process.argv[2] ?? '{}') as { apiKey: string; answer: string };
const server = await startFakeOpenAIServer({ apiKey, respond: () => answer });
process.send?.({ url: server.url });
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
