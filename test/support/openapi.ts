// Every consumer API answer a test's server gives, held against the OpenAPI document the server publishes: its body
// must match the schema the document names for that path and status, and a status the document does not list is a
// violation too. Wrap the test's handler; assert `violations` is empty after each test.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, expect } from 'vitest';
import { openApiDocument } from '../../lib/api/openapi';

type Operation = {
  responses: Record<
    string,
    {
      headers?: Record<string, unknown>;
      content?: Record<string, { schema: { $ref?: string; type?: string } }>;
    }
  >;
};

const document = openApiDocument() as {
  paths: Record<string, { get: Operation }>;
  components: { schemas: Record<string, unknown> };
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: 'openapi', components: document.components });

/** The document's path template an API path falls under (`/api/v1/models/{id}` for any id), or null. */
function templateOf(pathname: string): string | null {
  if (pathname === '/api/v1/models') return pathname;
  if (pathname.startsWith('/api/v1/models/')) return '/api/v1/models/{id}';
  if (pathname.startsWith('/api/v1/gateways/')) return '/api/v1/gateways/{format}';
  return null;
}

/** What is wrong with an answer, by the document: nothing is []. */
function openApiViolations(pathname: string, status: number, headers: Headers, body: string): string[] {
  const template = templateOf(pathname);
  if (!template) return [];
  const response = document.paths[template]?.get.responses[String(status)];
  if (!response) return [`GET ${template} answered ${status}, which the document does not list`];
  const missing = Object.keys(response.headers ?? {})
    .filter((name) => !headers.has(name))
    .map((name) => `GET ${template} → ${status} lacks the ${name} header the document promises`);
  if (missing.length > 0) return missing;
  const media = headers.get('content-type')?.split(';')[0]?.trim() || 'application/json';
  const schema = response.content?.[media]?.schema;
  if (!schema) {
    return body ? [`GET ${template} → ${status} has a ${media} body the document does not describe`] : [];
  }
  if (schema.type === 'string') return [];
  const validate = ajv.getSchema(`openapi${schema.$ref}`);
  if (!validate) return [`the document has no ${schema.$ref}`];
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return [`GET ${pathname} → ${status} is not JSON`];
  }
  return validate(json)
    ? []
    : (validate.errors ?? []).map(
        (e) => `GET ${pathname} → ${status}: ${e.instancePath || '/'} ${e.message}`,
      );
}

/** Wraps a test server's handler so every answer is checked; fails each test that received an undocumented one. */
export function checkedAgainstOpenApi(
  handle: (request: Request) => Promise<Response>,
): (request: Request) => Promise<Response> {
  const violations: string[] = [];
  afterEach(() => {
    const found = violations.splice(0);
    expect(found, 'consumer API answers that break the OpenAPI document').toEqual([]);
  });
  return async (request) => {
    const response = await handle(request);
    const body = await response.clone().text();
    violations.push(
      ...openApiViolations(new URL(request.url).pathname, response.status, response.headers, body),
    );
    return response;
  };
}
