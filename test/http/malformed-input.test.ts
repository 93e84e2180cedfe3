// Malformed input: wrong types, missing fields, unknown keys, huge bodies, unknown ids, path-like
// ids, invalid UTF-8, bad percent-encoding. Every answer is a 4xx with a JSON error that says what
// is wrong; none is a 500, and none carries a stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';
import { chatProgram } from '../../testkit/sentiment-fixture.js';

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;
let student: Person;
let staff: Person;

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ apiKey: 'k-bad' });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: 'k-bad' });
  student = sandbox.student();
  staff = sandbox.staff();
});
afterAll(async () => {
  await sandbox.stop();
  await fake.close();
});

type Case = {
  name: string;
  method: 'get' | 'post' | 'put';
  path: string;
  body?: string | object | Buffer;
  type?: string;
  as?: 'staff' | 'anonymous';
  status: number;
  message?: RegExp;
};

const program = chatProgram;
const cases: Case[] = [
  { name: 'no body', method: 'post', path: '/api/run', status: 400, message: /needs a JSON body/ },
  { name: 'text/plain body', method: 'post', path: '/api/render', body: 'hello', type: 'text/plain', status: 400, message: /needs a JSON body/ },
  { name: 'invalid JSON', method: 'post', path: '/api/render', body: '{"taskId": ', type: 'application/json', status: 400, message: /not valid JSON/ },
  {
    name: 'JSON array',
    method: 'post',
    path: '/api/render',
    body: '[1,2]',
    type: 'application/json',
    status: 400,
    message: /body: Invalid input: expected object/,
  },
  { name: 'JSON null', method: 'post', path: '/api/render', body: 'null', type: 'application/json', status: 400 },
  { name: 'wrong type', method: 'post', path: '/api/render', body: { taskId: 5, program }, status: 400, message: /body\.taskId/ },
  { name: 'missing field', method: 'post', path: '/api/run', body: { taskId: 'sentiment', program }, status: 400, message: /body\.case/ },
  { name: 'unknown key', method: 'post', path: '/api/render', body: { taskId: 'sentiment', program, extra: 1 }, status: 400, message: /unknown key "extra"/ },
  {
    name: 'program not an object',
    method: 'post',
    path: '/api/run',
    body: { taskId: 'sentiment', program: 'x', case: { caseId: 'dev-001' } },
    status: 422,
    message: /expected object/,
  },
  {
    name: 'program with bad decoding',
    method: 'post',
    path: '/api/run',
    body: { taskId: 'sentiment', program: { ...program, decoding: { temperature: -1 } }, case: { caseId: 'dev-001' } },
    status: 422,
    message: /decoding\.temperature/,
  },
  { name: 'case id too long', method: 'post', path: '/api/run', body: { taskId: 'sentiment', program, case: { caseId: 'x'.repeat(5000) } }, status: 400 },
  {
    name: 'inputs missing the field',
    method: 'post',
    path: '/api/run',
    body: { taskId: 'sentiment', program, case: { inputs: { text: 'hi' } } },
    status: 400,
    message: /inputs must give "review"/,
  },
  { name: 'unknown task id', method: 'post', path: '/api/render', body: { taskId: 'no-such-task', program }, status: 404, message: /no task "no-such-task"/ },
  {
    name: 'path-like task id in a body',
    method: 'post',
    path: '/api/run-dev',
    body: { taskId: '../sentiment', program },
    status: 400,
    message: /lowercase letters/,
  },
  { name: 'path-like task id in a path', method: 'get', path: '/api/tasks/..%2F..%2Fetc%2Fpasswd', status: 400 },
  { name: 'dot-dot task id', method: 'get', path: '/api/tasks/..', status: 400 },
  { name: 'path-like draft id', method: 'get', path: '/api/drafts/..%2Fsentiment', status: 400 },
  { name: 'path-like image name', method: 'get', path: '/api/tasks/sentiment/images/..%2Ftest.jsonl', status: 404 },
  { name: 'path-like submission id', method: 'get', path: '/api/submissions/..%2F..%2Fsandbox.db', status: 400 },
  { name: 'unknown submission', method: 'get', path: '/api/submissions/s_doesnotexist', status: 404 },
  { name: 'bad percent-encoding', method: 'get', path: '/api/tasks/%E0%A4%A', status: 400, message: /not valid|could not be read/ },
  { name: 'repeated query key', method: 'get', path: '/api/submissions?taskId=a&taskId=b', status: 400, message: /query\.taskId/ },
  { name: 'bracketed query key', method: 'get', path: '/api/submissions?taskId[x]=1', status: 400 },
  { name: 'unknown query key', method: 'get', path: '/api/usage?budget=1000000', status: 400, message: /unknown key "budget"/ },
  {
    name: 'unknown run-dev case',
    method: 'post',
    path: '/api/run-dev',
    body: { taskId: 'sentiment', program, caseIds: ['dev-001', 'test-001'] },
    status: 404,
    message: /no dev case "test-001"/,
  },
  {
    name: 'huge body',
    method: 'post',
    path: '/api/render',
    body: { taskId: 'sentiment', program: { ...program, instruction: 'x'.repeat(2_000_000) } },
    status: 413,
    message: /too large/,
  },
  {
    name: 'huge image body',
    method: 'post',
    path: '/api/image-text/classify',
    body: { taskId: 'sentiment', program, image: { base64: 'A'.repeat(9_000_000) } },
    status: 413,
  },
  {
    name: 'image over the schema limit',
    method: 'post',
    path: '/api/image-text/classify',
    body: { taskId: 'sentiment', program, image: { base64: 'A'.repeat(7_000_001) } },
    status: 400,
  },
  {
    name: 'invalid UTF-8',
    method: 'post',
    path: '/api/render',
    body: Buffer.concat([
      Buffer.from('{"taskId":"sentiment","program":{"kind":"text","model":"gpt-4o-mini","instruction":"'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}}'),
    ]),
    type: 'application/json',
    status: 400,
    message: /not valid UTF-8/,
  },
  { name: 'latin1 body', method: 'post', path: '/api/render', body: '{}', type: 'application/json; charset=latin1', status: 415, message: /must be UTF-8/ },
  { name: 'login with a short token', method: 'post', path: '/api/auth/login', body: { token: 'abc' }, as: 'anonymous', status: 400, message: /body\.token/ },
  { name: 'login without a token', method: 'post', path: '/api/auth/login', body: {}, as: 'anonymous', status: 400 },
  { name: 'one-time code too short', method: 'get', path: '/api/auth/one-time/x', as: 'anonymous', status: 400 },
  { name: 'unknown locale', method: 'put', path: '/api/me/preferences', body: { locale: 'fr' }, status: 400, message: /locale/ },
  { name: 'draft program not an object', method: 'put', path: '/api/drafts/sentiment', body: { program: [1] }, status: 400 },
  { name: 'draft for an unknown task', method: 'put', path: '/api/drafts/nope', body: { program: {} }, status: 404 },
  {
    name: 'submit an invalid program',
    method: 'post',
    path: '/api/submissions',
    body: { taskId: 'sentiment', program: { kind: 'video' } },
    status: 422,
    message: /a program needs "kind": "text" or "kind": "image-text"|kind/,
  },
  { name: 'roster not a string', method: 'post', path: '/api/staff/roster', body: { csv: 5 }, as: 'staff', status: 400 },
  { name: 'roster empty', method: 'post', path: '/api/staff/roster', body: { csv: '' }, as: 'staff', status: 400 },
  { name: 'token for an unknown user', method: 'post', path: '/api/staff/students/u_nobody/token', as: 'staff', status: 404 },
  { name: 'token for a path-like user', method: 'post', path: '/api/staff/students/..%2Fx/token', as: 'staff', status: 400 },
  { name: 'regrade unknown', method: 'post', path: '/api/staff/submissions/s_nothing/regrade', as: 'staff', status: 404 },
  { name: 'gateway: invalid JSON', method: 'post', path: '/v1/chat/completions', body: '{', type: 'application/json', status: 400, message: /not valid JSON/ },
  { name: 'gateway: no messages', method: 'post', path: '/v1/chat/completions', body: { model: 'gpt-4o-mini' }, status: 400, message: /Invalid 'messages'/ },
  {
    name: 'gateway: n > 1',
    method: 'post',
    path: '/v1/chat/completions',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], n: 3 },
    status: 400,
    message: /only n = 1/,
  },
  {
    name: 'gateway: huge max_tokens',
    method: 'post',
    path: '/v1/chat/completions',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], max_tokens: 1_000_000 },
    status: 400,
    message: /at most 256/,
  },
  {
    name: 'gateway: tools',
    method: 'post',
    path: '/v1/chat/completions',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function' }] },
    status: 400,
    message: /tools is not supported/,
  },
  {
    name: 'gateway: unknown model',
    method: 'post',
    path: '/v1/chat/completions',
    body: { model: 'gpt-9', messages: [{ role: 'user', content: 'hi' }] },
    status: 404,
    message: /gpt-9/,
  },
  {
    name: 'gateway: chat with a base model',
    method: 'post',
    path: '/v1/chat/completions',
    body: { model: 'davinci-002', messages: [{ role: 'user', content: 'hi' }] },
    status: 400,
    message: /call \/v1\/completions/,
  },
  {
    name: 'gateway: two prompts',
    method: 'post',
    path: '/v1/completions',
    body: { model: 'davinci-002', prompt: ['a', 'b'] },
    status: 400,
    message: /one prompt/,
  },
  {
    name: 'gateway: echo',
    method: 'post',
    path: '/v1/completions',
    body: { model: 'davinci-002', prompt: 'a', echo: true },
    status: 400,
    message: /echo is not supported/,
  },
  { name: 'gateway: unknown route', method: 'get', path: '/v1/embeddings', status: 404 },
];

describe('malformed input', () => {
  for (const testCase of cases) {
    it(`${testCase.name}: ${testCase.status}`, async () => {
      let pending = request(sandbox.app)[testCase.method](testCase.path);
      if (testCase.as !== 'anonymous') pending = pending.set((testCase.as === 'staff' ? staff : student).auth);
      if (testCase.type) pending = pending.set('Content-Type', testCase.type);
      // Raw bytes are sent as they are (superagent would serialise a Buffer as JSON).
      if (Buffer.isBuffer(testCase.body)) pending = pending.serialize((body: unknown) => body as string).send(testCase.body as never);
      else if (testCase.body !== undefined) pending = pending.send(typeof testCase.body === 'string' ? testCase.body : (testCase.body as object));
      const response = await pending;
      expect(response.status, response.text.slice(0, 300)).toBe(testCase.status);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      const message = (response.body.error?.message ?? '') as string;
      expect(message.length).toBeGreaterThan(5);
      if (testCase.message) expect(message).toMatch(testCase.message);
      expect(response.text).not.toMatch(/at .*\.(ts|js):\d+/);
    });
  }

  it('nothing above was a server error', () => {
    expect(sandbox.logs.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });
});
