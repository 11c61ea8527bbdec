import { defineConfig } from 'drizzle-kit';

// drizzle-kit only generates SQL here; migrations are applied by `npm run db:migrate` (db/migrate.ts),
// which works for both engines and serialises concurrent deploys with an advisory lock.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
  casing: 'snake_case',
});
