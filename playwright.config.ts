import { defineConfig, devices } from '@playwright/test';

// Flows run against the production build (`next build` is done by `npm run test:e2e`) on a fresh Postgres
// database (e2e/serve.sh), in Debian's Chromium: Playwright cannot download its own browser here.
const port = Number(process.env.E2E_PORT ?? 3100);
const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const databaseUrl = new URL(adminUrl);
// E2E_DATABASE names the throwaway database, so two checkouts on one machine can run the flows side by side.
databaseUrl.pathname = `/${process.env.E2E_DATABASE ?? 'mr_e2e'}`;

export const e2eEnv = {
  E2E_PORT: String(port),
  E2E_ADMIN_URL: adminUrl,
  E2E_DATABASE_URL: databaseUrl.toString(),
  E2E_ADMIN_PASSWORD: 'e2e-admin-password-1',
  E2E_VIEWER_PASSWORD: 'e2e-viewer-password-1',
};
Object.assign(process.env, e2eEnv);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1, // the flows share one database and assert its contents
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    {
      name: 'flows',
      testMatch: /.*\.spec\.ts/,
      testIgnore: /review\.spec\.ts/,
      dependencies: ['setup'],
      use: { ...devices['Desktop Chrome'] },
    },
    // After the flows: the review queue needs a provider past its first sync (the sync flow's), which then ships
    // a model; run earlier, its sync would be that first sync and change what the sync flow sees.
    {
      name: 'after-flows',
      testMatch: /review\.spec\.ts/,
      dependencies: ['flows'],
      use: { ...devices['Desktop Chrome'] },
    },
  ],
  webServer: {
    command: 'bash e2e/serve.sh',
    url: `http://127.0.0.1:${port}/login`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: { ...e2eEnv, AUTH_SECRET: 'e2e-only-secret-0123456789abcdef0123456789', NODE_ENV: 'production' },
  },
});
