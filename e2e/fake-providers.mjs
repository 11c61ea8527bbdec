// The providers the e2e server syncs from, on 127.0.0.1: Mistral's recorded list (bearer key required) and an
// OpenAI-compatible server (Ollama's recorded list, declared in PROVIDERS_PATH). Started by e2e/serve.sh; it exits
// when the process that started it does, so no server is left behind. A flow can make Ollama list one more model
// (`POST /control/ollama/add` with `{"id": "…"}`), as a provider does when it ships one. It is also the webhook's
// receiver (`POST /hooks`, NOTIFY_WEBHOOK_URL): a flow reads what was delivered with `GET /control/hooks`.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const mistralKey = process.argv[3];
const ollama = JSON.parse(
  readFileSync(new URL('../test/fixtures/providers/ollama-models.json', import.meta.url), 'utf8'),
);
const answers = {
  '/mistral/v1/models': {
    auth: `Bearer ${mistralKey}`,
    body: readFileSync(new URL('../lib/registry/providers/mistral-catalog.json', import.meta.url)),
  },
  '/ollama/v1/models': {
    auth: null,
    get body() {
      return JSON.stringify(ollama);
    },
  },
};

/** Every webhook delivery received, oldest first: its headers and its document. */
const hooks = [];

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/hooks') {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      let doc;
      try {
        doc = JSON.parse(body);
      } catch {
        doc = { unparsed: body };
      }
      hooks.push({ headers: req.headers, doc });
      res.writeHead(204).end();
    });
    return;
  }
  if (req.method === 'GET' && req.url === '/control/hooks') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(hooks));
    return;
  }
  if (req.method === 'POST' && req.url === '/control/ollama/add') {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const { id } = JSON.parse(body);
      ollama.data.push({ id, object: 'model', created: 1764000000, owned_by: 'library' });
      res.writeHead(204).end();
    });
    return;
  }
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
