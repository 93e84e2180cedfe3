// The OpenAI-compatible test server in its own process, so a benchmark measures the grader and
// not the server sharing its event loop. Controlled over IPC: it sends { url } when listening and
// answers 'stats' with the server's counters.
import { startFakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as { apiKey?: string; models?: string[]; latencyMs?: number };
const server = await startFakeOpenAIServer(options);
process.send?.({ url: server.url });
process.on('message', (message) => {
  if (message === 'stats') process.send?.({ stats: server.stats() });
  if (message === 'close') void server.close().then(() => process.exit(0));
});
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
