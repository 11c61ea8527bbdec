// A local HTTP server on 127.0.0.1 that answers one provider's list endpoint from recorded pages, and only the
// provider's way: the recorded page whose query matches the request exactly, and only when the request carries the
// expected auth headers (otherwise the provider's own 401 body). Scripted answers can be queued ahead of it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedPage = { request: { query: Record<string, string> }; response: unknown };

export type ScriptedAnswer = {
  status?: number;
  headers?: Record<string, string>;
  /** A JSON value (serialised) or raw text. */
  body?: unknown;
  /** Drop the connection without an answer. */
  destroy?: boolean;
};

export type ProviderRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
};

export type FakeProvider = {
  url: string;
  requests: ProviderRequest[];
  /** Answers for the next requests, in order, ahead of the recorded pages. */
  enqueue(...answers: ScriptedAnswer[]): void;
  /** Replace the recorded pages served (for drift and short-page tests). */
  setPages(pages: RecordedPage[]): void;
  close(): Promise<void>;
};

export async function startFakeProvider(options: {
  path: string;
  pages: RecordedPage[];
  /** Headers every request must carry, with their exact values (lower-case names). */
  auth: Record<string, string>;
  /** The provider's answer to a request without the right auth. */
  unauthorized: { status: number; body: unknown };
  /** The provider's answer to a query no recorded page matches. */
  unknownQuery: { status: number; body: unknown };
}): Promise<FakeProvider> {
  let pages = options.pages;
  const queue: ScriptedAnswer[] = [];
  const requests: ProviderRequest[] = [];
  const send = (res: import('node:http').ServerResponse, status: number, body: unknown, headers = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/html' : 'application/json',
      ...headers,
    });
    res.end(text);
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    const headers: Record<string, string | undefined> = {};
    for (const name of [...Object.keys(options.auth), 'authorization', 'x-api-key', 'x-goog-api-key']) {
      const value = req.headers[name];
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    requests.push({ method: req.method ?? '', path: url.pathname, query, headers });
    if (url.pathname !== options.path) return send(res, 404, { error: { message: 'Not Found' } });
    const scripted = queue.shift();
    if (scripted) {
      if (scripted.destroy) return req.socket.destroy();
      return send(res, scripted.status ?? 200, scripted.body ?? null, scripted.headers);
    }
    for (const [name, value] of Object.entries(options.auth)) {
      if (req.headers[name] !== value)
        return send(res, options.unauthorized.status, options.unauthorized.body);
    }
    const page = pages.find((p) => {
      const want = Object.entries(p.request.query);
      return want.length === Object.keys(query).length && want.every(([k, v]) => query[k] === v);
    });
    if (!page) return send(res, options.unknownQuery.status, options.unknownQuery.body);
    send(res, 200, page.response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...answers) => queue.push(...answers),
    setPages: (next) => {
      pages = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
