// The postgres project fails loudly when its server is unreachable: a suite never skips silently.
import postgres from 'postgres';

export default async function setup() {
  const url = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await client`select 1`;
  } catch (error) {
    throw new Error(
      `The postgres test project needs a Postgres server at ${url} (set TEST_POSTGRES_URL) and cannot reach it: ${(error as Error).message}`,
    );
  } finally {
    await client.end();
  }
}
