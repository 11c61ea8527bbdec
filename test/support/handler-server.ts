// Serves Web-standard handlers (Request → Response) over real HTTP on 127.0.0.1, for tests of lib/api.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Served = { url: string; close(): Promise<void> };

export async function serveHandler(handle: (request: Request) => Promise<Response>): Promise<Served> {
  const server: Server = createServer(async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    const response = await handle(
      new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
