// What the Node.js server does once at start (called by instrumentation.ts, only in the Node.js runtime): check the
// configuration it reads per request, open the database — with the embedded database the server claims the data
// directory at once (a second process is refused from the start, not at some later request) — and start the
// scheduler. Node-only (process.exit), so it lives apart from instrumentation.ts, which Next also compiles for the
// Edge runtime.
export async function startServer() {
  // Configuration the server reads per request is checked once here, so a bad value stops the start with its
  // message instead of failing every sign-in later.
  const { peerAddressHeaderTrusted, trustedProxyCount } = await import('./auth/client-address');
  const { sessionMaxAgeHours } = await import('./auth/session-lifetime');
  try {
    trustedProxyCount();
    sessionMaxAgeHours();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  if (process.env.NODE_ENV === 'production' && !peerAddressHeaderTrusted()) {
    console.warn(
      'Started without npm start (dist/server.mjs): the sign-in limit cannot see the connection’s peer address, so ' +
        'only the per-email limit and any AUTH_TRUSTED_PROXIES entries apply. Start the app with npm start.',
    );
  }
  const { getServerDb } = await import('../db/server');
  try {
    await getServerDb();
  } catch (error) {
    console.error(
      `The database could not be opened at start: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  // SYNC_SCHEDULE: the in-app scheduler (one instance per slot runs it, whatever the number of app instances).
  const { startScheduler } = await import('./registry/automation/schedule');
  try {
    startScheduler(getServerDb, process.env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
