// The providers the e2e server syncs from, on 127.0.0.1: Mistral's recorded list (bearer key required) and an
// OpenAI-compatible server (Ollama's recorded list, declared in PROVIDERS_PATH). Started by e2e/serve.sh; it exits
// when the process that started it does, so no server is left behind.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const mistralKey = process.argv[3];
const answers = {
  '/mistral/v1/models': {
    auth: `Bearer ${mistralKey}`,
    body: readFileSync(new URL('../lib/registry/providers/mistral-catalog.json', import.meta.url)),
  },
  '/ollama/v1/models': {
    auth: null,
    body: readFileSync(new URL('../test/fixtures/providers/ollama-models.json', import.meta.url)),
  },
};

const server = createServer((req, res) => {
  const answer = answers[req.url ?? ''];
  if (!answer || req.method !== 'GET') {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
  } else if (answer.auth && req.headers.authorization !== answer.auth) {
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"detail":"Unauthorized"}');
  } else {
    res.writeHead(200, { 'content-type': 'application/json' }).end(answer.body);
  }
});
server.listen(port, '127.0.0.1', () => console.log(`fake providers on ${port}`));

const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    process.exit(0);
  }
}, 1000).unref();
process.on('SIGTERM', () => process.exit(0));
