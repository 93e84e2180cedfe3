// The server's listener (sandbox-listener.ts) as a server runs it: the gateway's fast lane takes
// the two common /v1 POSTs before express, express takes everything else, and whichever way a
// request goes, an OpenAI-type model answers through its forwarding path (TextModel.forward), not
// the SDK. Express marks every request it handles by re-prototyping it onto `app.request`, which
// is how this test tells who took a request without patching either side.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../testkit/fake-openai-server/index.js';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';

let fake: FakeOpenAIServer;
let sandbox: TestSandbox;
let server: http.Server;
let port: number;
let student: Person;
/** For each request the server saw: whether express handled it. */
const byExpress: boolean[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAIServer({ respond: () => 'positive' });
  sandbox = await createTestSandbox({ baseURL: fake.url, apiKey: fake.apiKey, startQueue: false });
  student = sandbox.student('Lena Listener');
  server = await new Promise((resolve) => {
    const listening = http
      .createServer((request, response) => {
        sandbox.listener(request, response);
        // express's app.handle re-prototypes the request at once, before any route runs.
        byExpress.push(Object.getPrototypeOf(request) === sandbox.app.request);
      })
      .listen(0, '127.0.0.1', () => resolve(listening));
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await sandbox.stop();
  await fake.close();
});
beforeEach(() => {
  byExpress.length = 0;
  fake.resetStats();
});

/** One request; `chunked` sends the body without a Content-Length (which the fast lane leaves to express). */
function send(method: string, path: string, body?: object, chunked = false): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { authorization: `Bearer ${student.token}` };
    if (text !== undefined) headers['content-type'] = 'application/json';
    if (text !== undefined && !chunked) headers['content-length'] = String(Buffer.byteLength(text));
    const outgoing = http.request({ host: '127.0.0.1', port, path, method, headers }, (response) => {
      let answer = '';
      response.setEncoding('utf8');
      response.on('data', (piece: string) => (answer += piece));
      response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(answer) }));
    });
    outgoing.on('error', reject);
    if (text !== undefined) outgoing.write(text);
    outgoing.end();
  });
}

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Review: fine' }], max_tokens: 4 };

describe('the server listener: fast lane first, then express', () => {
  it('a plain JSON chat completion is answered by the fast lane, and the model is called through its forwarding path', async () => {
    const answer = await send('POST', '/v1/chat/completions', chat);
    expect(answer.status).toBe(200);
    expect(answer.body.choices[0].message.content).toBe('positive');
    expect(byExpress).toEqual([false]);
    expect(fake.requests.at(-1)!.headers.userAgent).toBe('fm-sandbox-gateway');
  });

  it('the same request with a chunked body goes to express, whose route forwards it the same way (no silent fallback to the SDK)', async () => {
    const answer = await send('POST', '/v1/completions', { model: 'davinci-002', prompt: 'Sentiment:', max_tokens: 2 }, true);
    expect(answer.status).toBe(200);
    expect(answer.body.object).toBe('text_completion');
    expect(byExpress).toEqual([true]);
    expect(fake.requests.at(-1)!.headers.userAgent).toBe('fm-sandbox-gateway');
  });

  it('everything else is express: GET /v1/models, the health check, the API', async () => {
    expect((await send('GET', '/v1/models')).body.object).toBe('list');
    expect((await send('GET', '/healthz')).body).toEqual({ ok: true });
    expect((await send('GET', '/api/me')).status).toBe(200);
    expect(byExpress).toEqual([true, true, true]);
  });
});
