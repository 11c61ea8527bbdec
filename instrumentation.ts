// Next calls register() once per server instance, in each runtime. The start itself is Node-only and lives in
// lib/server-start.ts: imported under this exact check, which Next replaces at build time, the Edge build never
// compiles it (so no "Node.js API is used … not supported in the Edge Runtime" warning at every build and request).
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startServer } = await import('./lib/server-start');
    await startServer();
  }
}
