// The production server (`npm start`, bundled into dist/server.mjs by `npm run build`): Next.js behind node:http.
// It exists for two checks `next start` cannot make. It hands the app the connection's real peer address in a
// header it always overwrites (Next only fills in X-Forwarded-For when the client sent none, so under `next start`
// a client-written value hides the peer). And it refuses to start without a production AUTH_SECRET, telling a
// secret from the process environment apart from the development one in .env.local before Next loads that file,
// and refuses a bad MODEL_DEFAULTS_PATH, PROVIDERS_PATH or ACCESS_PATH file, or a bad DEPRECATION_WARNING_DAYS or
// CONSUMER_API_ACCESS, naming it.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
// @next/env is CommonJS without named exports Node can detect: take its default export.
import nextEnv from '@next/env';
import { PEER_ADDRESS_HEADER, PEER_ADDRESS_SERVER_ENV } from './lib/auth/client-address';
import { productionSecretProblem } from './lib/auth/secret';
import { loadAccessDeclarations } from './lib/registry/access/declared';
import { consumerApiAccess } from './lib/registry/access/views';
import { webhookSettingsFromEnv } from './lib/registry/automation/notify';
import { syncScheduleFromEnv } from './lib/registry/automation/schedule';
import { loadModelDefaults } from './lib/registry/config/operator-config';
import { deprecationWarningDays } from './lib/registry/lifecycle/deprecation';
import { providerSetup } from './lib/registry/providers/registry';

const USAGE = `Usage: npm start -- [-p PORT] [-H HOSTNAME]

Starts the production build (run npm run build first). PORT defaults to the PORT variable, else 3000; HOSTNAME
to every interface. Needs AUTH_SECRET in the environment.`;

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

function options() {
  try {
    const { values } = parseArgs({
      options: {
        port: { type: 'string', short: 'p' },
        hostname: { type: 'string', short: 'H' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const raw = values.port ?? process.env.PORT ?? '3000';
    const port = Number(raw);
    if (!/^\d+$/.test(raw) || port > 65535)
      fail(`The port must be a whole number from 0 to 65535, got "${raw}".`, 64);
    return { port, hostname: values.hostname };
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`, 64);
  }
}

const { port, hostname } = options();
// As `next start` does: the production build runs with NODE_ENV=production, and Next reads the env files for it.
// The mark tells the app that this server, not the client, writes the peer-address header (see the handler).
Object.assign(process.env, { NODE_ENV: 'production', [PEER_ADDRESS_SERVER_ENV]: '1' });
const secretFromProcess = process.env.AUTH_SECRET;
const { loadedEnvFiles } = nextEnv.loadEnvConfig(process.cwd(), false, {
  info: () => {},
  error: console.error,
});
const secretProblem = productionSecretProblem(secretFromProcess, loadedEnvFiles);
if (secretProblem) fail(secretProblem);
// The operator's files are read now, so a bad one stops the start with its name rather than fail a later request.
try {
  loadModelDefaults(process.env);
  providerSetup(process.env);
  webhookSettingsFromEnv(process.env);
  syncScheduleFromEnv(process.env);
  deprecationWarningDays(process.env);
  loadAccessDeclarations(process.env);
  consumerApiAccess(process.env);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const { default: next } = await import('next');
const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  // Always overwritten: whatever a client sent under this name never reaches the app.
  req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? '';
  handle(req, res).catch((error: unknown) => {
    console.error('request failed', error);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.on('error', (error) => fail(`The server could not listen on port ${port}: ${error.message}`));
server.listen(port, hostname, () => {
  console.log(`> Ready on http://${hostname ?? 'localhost'}:${port}`);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close();
    // Open keep-alive connections would hold close() up; the app keeps no state that needs them.
    server.closeAllConnections();
    app.close().finally(() => process.exit(0));
  });
}
