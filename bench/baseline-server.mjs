// P6's baseline: the least a server can do to answer GET /api/v1/models — node:http and postgres.js, one query
// per request, the same JSON as the product. Plain JavaScript on purpose: no framework, no build step.
import { createServer } from 'node:http';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL, { max: 10, onnotice: () => {} });
const server = createServer(async (req, res) => {
  if (req.url !== '/api/v1/models') {
    res.writeHead(404).end();
    return;
  }
  const rows = await sql`
    select model_id, provider, created_at, display_name, description, type, context_length, capabilities, aliases,
      deprecation, deprecation_replacement, is_default, input_price_per_mtok, output_price_per_mtok, price_source
    from models where status = 'active' and retired_at is null`;
  // The id rule: Mistral's ids bare, every other provider's `<provider>/<model_id>`.
  const id = (provider, modelId) => (provider === 'mistral' ? modelId : `${provider}/${modelId}`);
  const data = rows
    .map((r) => ({
      id: id(r.provider, r.model_id),
      object: 'model',
      created: Math.floor(r.created_at.getTime() / 1000),
      owned_by: r.provider,
      provider: r.provider,
      display_name: r.display_name,
      description: r.description,
      type: r.type,
      context_length: r.context_length,
      capabilities: r.capabilities,
      aliases: r.aliases.map((alias) => id(r.provider, alias)),
      deprecation: r.deprecation
        ? {
            date: r.deprecation.toISOString(),
            replacement:
              r.deprecation_replacement === null ? null : id(r.provider, r.deprecation_replacement),
          }
        : null,
      is_default: r.is_default,
      pricing: {
        input: r.input_price_per_mtok === null ? null : Number(r.input_price_per_mtok),
        output: r.output_price_per_mtok === null ? null : Number(r.output_price_per_mtok),
        unit: 'USD per 1M tokens',
        source:
          r.price_source ??
          (r.input_price_per_mtok === null && r.output_price_per_mtok === null ? null : 'admin'),
      },
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ object: 'list', data }));
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => {
  server.close();
  sql.end().then(() => process.exit(0));
});
