// A bare proxy in its own process, for bare-proxies.ts: what a gateway could cost at best on this
// machine. It parses the JSON body, forwards a request built from it to the backend with keep-alive,
// parses the reply and answers it. `mode`: node:http both ways, the same behind express (app,
// router, express.json, res.json), or node:http in and fetch out.
import http from 'node:http';
import express from 'express';

type Mode = 'http' | 'express' | 'fetch';
const { backendURL, apiKey, mode } = JSON.parse(process.argv[2] ?? '{}') as { backendURL: string; apiKey: string; mode: Mode };
const agent = new http.Agent({ keepAlive: true });
const target = new URL(`${backendURL}/chat/completions`);
const headers = { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` };

function outgoing(body: { model: string; messages: unknown; max_tokens?: number; temperature?: number }): string {
  return JSON.stringify({ model: body.model, messages: body.messages, max_tokens: body.max_tokens, temperature: body.temperature });
}

function forward(body: Parameters<typeof outgoing>[0], answer: (reply: unknown) => void) {
  const payload = outgoing(body);
  if (mode === 'fetch') {
    void fetch(target, { method: 'POST', headers, body: payload })
      .then((response) => response.json())
      .then(answer);
    return;
  }
  const request = http.request(target, { agent, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(payload) } }, (response) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => answer(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
  });
  request.end(payload);
}

function sendJson(response: http.ServerResponse, reply: unknown) {
  const text = JSON.stringify(reply);
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function plain(request: http.IncomingMessage, response: http.ServerResponse) {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => forward(JSON.parse(Buffer.concat(chunks).toString('utf8')), (reply) => sendJson(response, reply)));
}

const app = express();
const v1 = express.Router();
v1.post('/chat/completions', express.json({ limit: '2mb' }), (request, response) => forward(request.body, (reply) => response.json(reply)));
app.use((_request, _response, next) => next());
app.use('/v1', v1);

const server = http.createServer(mode === 'express' ? app : plain);
server.listen(0, '127.0.0.1', () => process.send?.({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/v1` }));
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
process.on('disconnect', () => process.exit(0));
