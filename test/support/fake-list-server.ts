// A local HTTP server on 127.0.0.1 that answers one provider's model-list path the way that provider does: the
// recorded answer only when the request carries the provider's auth its way, its own error body otherwise, and
// scripted answers (errors, delays, drift) queued per test.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { RegistryError } from '../../lib/registry/errors';

export type FakeAnswer = {
  status?: number;
  headers?: Record<string, string>;
  /** A JSON value (serialised) or raw text. */
  body?: unknown;
  /** Wait this long before sending anything. */
  delayMs?: number;
};

export type SeenRequest = { method: string; path: string; headers: IncomingHttpHeaders };

export type FakeListServer = {
  url: string;
  requests: SeenRequest[];
  /** Answers for the next requests to the list path, in order; when none is queued, the recorded answer. */
  enqueue(...answers: FakeAnswer[]): void;
  close(): Promise<void>;
};

export async function startFakeListServer(provider: {
  /** The list path, query included, exactly as the client must ask for it. */
  path: string;
  /** Whether the request carries the provider's auth the provider's way. */
  authorized: (headers: IncomingHttpHeaders) => boolean;
  /** The provider's answer to a request without valid auth. */
  unauthorized: FakeAnswer;
  /** The provider's answer to a path it does not know. */
  notFound: FakeAnswer;
  recorded: unknown;
}): Promise<FakeListServer> {
  const queue: FakeAnswer[] = [];
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    let answer: FakeAnswer;
    if (req.method !== 'GET' || req.url !== provider.path) answer = provider.notFound;
    else if (!provider.authorized(req.headers)) answer = provider.unauthorized;
    else answer = queue.shift() ?? { status: 200, body: provider.recorded };
    const respond = () => {
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? null);
      const contentType = typeof answer.body === 'string' ? 'text/html' : 'application/json';
      res.writeHead(answer.status ?? 200, { 'content-type': contentType, ...answer.headers });
      res.end(text);
    };
    if (answer.delayMs) setTimeout(respond, answer.delayMs);
    else respond();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...answers) => queue.push(...answers),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What a provider call failed with: a RegistryError of kind 'provider' whose message never holds the secret. */
export async function providerFailure(promise: Promise<unknown>, secret: string): Promise<RegistryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryError);
  expect((error as RegistryError).kind).toBe('provider');
  expect((error as Error).message).not.toContain(secret);
  return error as RegistryError;
}

/** OpenAI's GET /v1/models answering its recorded list to `key` (a bearer token), its own 401 and 404 otherwise. */
export function startFakeOpenAi(key: string, recorded: unknown): Promise<FakeListServer> {
  return startFakeListServer({
    path: '/v1/models',
    authorized: (headers) => headers.authorization === `Bearer ${key}`,
    unauthorized: {
      status: 401,
      body: { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } },
    },
    notFound: { status: 404, body: { error: { message: 'Invalid URL' } } },
    recorded,
  });
}

/** An Ollama server's GET /v1/models (no key), answering its recorded list. */
export function startFakeOllama(recorded: unknown): Promise<FakeListServer> {
  return startFakeListServer({
    path: '/v1/models',
    authorized: () => true,
    unauthorized: { status: 401, body: {} },
    notFound: { status: 404, body: '404 page not found' },
    recorded,
  });
}
