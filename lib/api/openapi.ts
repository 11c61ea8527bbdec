// The consumer API's OpenAPI 3.1 document, generated from the zod schemas the list, the lookup and their
// parameters use (lib/registry/reads/consumer-schema.ts): GET /api/v1/openapi.json serves it. Its schemas are JSON
// Schema 2020-12, as OpenAPI 3.1 takes them; what is written by hand here is only the paths, their words and the
// statuses each answers.
import { z } from 'zod';
import { GATEWAY_FORMATS } from '../registry/gateways/targets';
import { consumerApiSchemas, listQuerySchema } from '../registry/reads/consumer-schema';

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** A query parameter from the list's own schema (its description and its JSON Schema). */
function queryParameter(name: keyof typeof listQuerySchema.shape) {
  const schema = listQuerySchema.shape[name].unwrap();
  const { description, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  delete json.$schema;
  return {
    name,
    in: 'query',
    required: false,
    description: listQuerySchema.shape[name].description,
    schema: json,
  };
}

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

const ERRORS = {
  '400': error(
    'A bad parameter (`invalid_type`, `invalid_provider`, `team_not_found`), a path that is not valid percent-encoding (`invalid_path`), or an API key in the URL (`api_key_in_query`).',
  ),
  '401': error(
    'A missing (where keys are required), unknown, revoked or expired API key (`invalid_api_key`).',
  ),
  '403': error("A team key asking for another team's view (`team_forbidden`)."),
  '429': error(
    'Too many wrong API keys from this client address in 15 minutes (`too_many_failed_keys`); retry after the Retry-After header.',
  ),
  '503': error('The registry cannot answer right now (`unavailable`); retry after the Retry-After header.'),
};

let built: Record<string, unknown> | null = null;

export function openApiDocument(): Record<string, unknown> {
  if (built) return built;
  const { schemas } = z.toJSONSchema(consumerApiSchemas, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const components = Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
  const etag = {
    ETag: { description: 'A hash of the body: send it back in If-None-Match.', schema: { type: 'string' } },
  };
  const revisioned = {
    ...etag,
    'X-Registry-Revision': {
      description: 'The registry revision the config reflects.',
      schema: { type: 'string', pattern: '^[0-9]+$' },
    },
  };
  built = {
    openapi: '3.1.0',
    info: {
      title: 'Model Registry consumer API',
      version: '1',
      description:
        "Which models a caller may use: an OpenAI-compatible model list. A team key sees its team's models; a platform key (or REGISTRY_API_TOKEN) every offered model, or one team's with ?team=. Where CONSUMER_API_ACCESS is open, no key is needed. The platform also reads the gateways' configs (LiteLLM, LibreChat) written from the same list.",
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }, {}],
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A registry API key (mrk_…) or REGISTRY_API_TOKEN, as "Authorization: Bearer <key>". Never in the URL.',
        },
      },
      schemas: components,
    },
    paths: {
      '/api/v1/models': {
        get: {
          operationId: 'listModels',
          summary: 'The offered models the caller may use',
          parameters: [queryParameter('type'), queryParameter('provider'), queryParameter('team')],
          responses: {
            '200': {
              description: 'The list.',
              headers: etag,
              content: { 'application/json': { schema: ref('ModelList') } },
            },
            '304': { description: 'Not modified since the ETag sent in If-None-Match.', headers: etag },
            ...ERRORS,
          },
        },
      },
      '/api/v1/models/{id}': {
        get: {
          operationId: 'retrieveModel',
          summary: 'One offered model the caller may use',
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              description: 'The API id, raw or percent-encoded (openai%2Fgpt-4o).',
              schema: { type: 'string' },
            },
            queryParameter('team'),
          ],
          responses: {
            '200': {
              description:
                'The model. A deprecated one also carries Deprecation, Sunset and (with a replacement) Link headers.',
              content: { 'application/json': { schema: ref('Model') } },
            },
            '404': error(
              'Not offered: inactive, retired, unknown, or outside what the caller may use, in the same words (`model_not_found`).',
            ),
            ...ERRORS,
          },
        },
      },
      '/api/v1/gateways/{format}': {
        get: {
          operationId: 'gatewayConfig',
          // A key always: the configs name every offered model, whatever CONSUMER_API_ACCESS says.
          security: [{ apiKey: [] }],
          summary: "A gateway's config written from the offered models (platform keys only)",
          description:
            "LiteLLM's proxy config.yaml (model_list) or LibreChat's librechat.yaml (endpoints.custom, modelSpecs), the same bytes for the same registry revision, which a comment header names. Keys are never written, only the variables that hold them.",
          parameters: [
            {
              name: 'format',
              in: 'path',
              required: true,
              description: 'The gateway.',
              schema: { type: 'string', enum: [...GATEWAY_FORMATS] },
            },
            { ...queryParameter('team'), description: "One team's models only (its slug)." },
          ],
          responses: {
            '200': {
              description: 'The config, as YAML.',
              headers: revisioned,
              content: { 'application/yaml': { schema: { type: 'string' } } },
            },
            '304': { description: 'Not modified since the ETag sent in If-None-Match.', headers: revisioned },
            '400': error('A team that does not exist (`team_not_found`), or a bad parameter.'),
            '401': error(
              'No key (`platform_key_required` where the API is open, `invalid_api_key` where it asks for keys), or an unknown, revoked or expired one (`invalid_api_key`).',
            ),
            '403': error('A team key: a config names every offered model (`platform_key_required`).'),
            '404': error('A format that is not a known gateway (`gateway_not_found`).'),
            '429': ERRORS['429'],
            '503': ERRORS['503'],
          },
        },
      },
    },
  };
  return built;
}
