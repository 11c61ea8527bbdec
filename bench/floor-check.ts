// The floor of P1 for this stack: the same count through postgres.js alone — no flags, no messages, no error
// handling — bundled the way the product's commands are. Whatever models:check takes above this is the product's.
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL as string, { max: 1, fetch_types: false, onnotice: () => {} });
const [row] = await sql.unsafe('select count(*)::int as n from models');
process.stdout.write(`${row?.n}\n`);
await sql.end();
