// A local HTTP server on 127.0.0.1 that behaves like Mistral's GET /v1/models, scripted per test.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import recordedCatalog from '../../lib/registry/providers/mistral-catalog.json';

export type FakeResponse = {
  status?: number;
  headers?: Record<string, string>;
  /** A JSON value (serialised) or raw text. */
  body?: unknown;
  /** Wait this long before sending anything. */
  delayMs?: number;
  /** Send the headers and half the body, then stall forever (a slow body). */
  stallBody?: boolean;
  /** Drop the connection without an answer. */
  destroy?: boolean;
};

export type ReceivedRequest = { method: string; path: string; authorization: string | undefined };

export type FakeMistral = {
  url: string;
  requests: ReceivedRequest[];
  /** Answers for the next requests, in order; when the queue is empty, the recorded catalog (200). */
  enqueue(...responses: FakeResponse[]): void;
  close(): Promise<void>;
};

export const RECORDED_CATALOG = recordedCatalog;

/** The recorded catalog as it was before Mistral moved `mistral-large-latest` on to mistral-large-2512. */
export function catalogBeforeTheMove() {
  const data = RECORDED_CATALOG.data.map((card) =>
    card.id === 'mistral-large-latest' ? { ...card, name: 'mistral-large-2411' } : card,
  );
  return { ...RECORDED_CATALOG, data };
}

export async function startFakeMistral(): Promise<FakeMistral> {
  const queue: FakeResponse[] = [];
  const requests: ReceivedRequest[] = [];
  const stalled = new Set<IncomingMessage>();

  const server: Server = createServer((req, res) => {
    requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
    });
    if (req.url !== '/v1/models') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'no Route matched with those values', request_id: 'fake' }));
      return;
    }
    const next = queue.shift() ?? { status: 200, body: recordedCatalog };
    const respond = () => {
      if (next.destroy) {
        req.socket.destroy();
        return;
      }
      const text = typeof next.body === 'string' ? next.body : JSON.stringify(next.body ?? null);
      const contentType = typeof next.body === 'string' ? 'text/html' : 'application/json';
      res.writeHead(next.status ?? 200, { 'content-type': contentType, ...next.headers });
      if (next.stallBody) {
        stalled.add(req);
        res.write(text.slice(0, Math.floor(text.length / 2)));
        return; // never ends
      }
      res.end(text);
    };
    if (next.delayMs) setTimeout(respond, next.delayMs);
    else respond();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...responses) => queue.push(...responses),
    close: () =>
      new Promise<void>((resolve) => {
        for (const req of stalled) req.socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A realistic synthetic catalog of `n` cards (groups of three ids: dated, -latest, bare), for size tests. */
export function syntheticCatalog(n: number): { object: 'list'; data: Record<string, unknown>[] } {
  const data: Record<string, unknown>[] = [];
  for (let i = 0; data.length < n; i++) {
    const base = `synth-${i}`;
    const ids = [`${base}-2512`, `${base}-latest`, base];
    for (const id of ids) {
      if (data.length >= n) break;
      data.push({
        id,
        object: 'model',
        name: `${base}-2512`,
        aliases: ids.filter((a) => a !== id),
        description: `Synthetic model ${i}`,
        max_context_length: 32768,
        capabilities: { completion_chat: true, function_calling: i % 2 === 0, vision: i % 3 === 0 },
        deprecation: null,
        deprecation_replacement_model: null,
        type: 'base',
        owned_by: 'mistralai',
        created: 1767094366,
      });
    }
  }
  return { object: 'list', data };
}
