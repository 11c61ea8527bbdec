// The consumer API's shapes as zod schemas: what a model and the list look like, and the list's query parameters.
// One definition: the list and the lookup are typed by them (consumer.ts), the parameters are parsed with them, and
// the OpenAPI document (lib/api/openapi.ts) is generated from them, so the document cannot drift from the answers.
import { z } from 'zod';
import { slugSchema } from '../access/rules';
import { providerIdSchema } from '../model/fields';
import { PRICE_UNIT } from '../model/prices';
import { MODEL_TYPES } from '../types';

/** The schemas the OpenAPI document names under components.schemas, by id. */
export const consumerApiSchemas = z.registry<{ id: string; description?: string }>();

export const apiModelSchema = z.strictObject({
  id: z.string().describe('The API id: Mistral\'s bare, every other provider\'s "<provider>/<model_id>".'),
  object: z.literal('model'),
  created: z.int().describe('When the registry first listed the model, in Unix seconds.'),
  owned_by: z.string().describe('The provider, as OpenAI names this field.'),
  provider: z.string(),
  display_name: z.string(),
  description: z.string().nullable(),
  type: z.string().describe(`One of ${MODEL_TYPES.join(', ')}.`),
  context_length: z.int().nullable(),
  capabilities: z.array(z.string()),
  aliases: z.array(z.string()).describe('Other API ids of the same model.'),
  deprecation: z
    .strictObject({
      date: z.string().describe('ISO-8601 instant after which the provider stops serving it.'),
      replacement: z.string().nullable().describe("The replacement's API id."),
    })
    .nullable(),
  is_default: z.boolean().describe('The default model for its type.'),
  pricing: z.strictObject({
    input: z
      .number()
      .nullable()
      .describe('Per 1M input tokens; null when unknown (never 0 for unknown), 0 when free.'),
    output: z.number().nullable(),
    unit: z.literal(PRICE_UNIT),
    source: z.string().nullable().describe('admin, provider or catalog:<package>@<version>.'),
  }),
});
consumerApiSchemas.add(apiModelSchema, { id: 'Model', description: 'A model the registry offers.' });

const modelListSchema = z.strictObject({ object: z.literal('list'), data: z.array(apiModelSchema) });
consumerApiSchemas.add(modelListSchema, {
  id: 'ModelList',
  description: "The offered models the caller may use, sorted by id (OpenAI's list shape).",
});

/** Every code an error of the consumer API carries. */
const API_ERROR_CODES = [
  'invalid_api_key',
  'too_many_failed_keys',
  'api_key_in_query',
  'team_forbidden',
  'team_not_found',
  'invalid_type',
  'invalid_provider',
  'invalid_path',
  'model_not_found',
  'platform_key_required',
  'gateway_not_found',
  'unavailable',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

const apiErrorSchema = z.strictObject({
  error: z.strictObject({
    message: z.string(),
    type: z.enum(['invalid_request_error', 'authentication_error', 'rate_limit_error', 'server_error']),
    param: z.null(),
    code: z.enum(API_ERROR_CODES),
  }),
});
consumerApiSchemas.add(apiErrorSchema, {
  id: 'Error',
  description: "OpenAI's error shape, so SDKs surface the message.",
});

/** GET /api/v1/models's query: each parameter as the list parses it. */
export const listQuerySchema = z.object({
  type: z.enum(MODEL_TYPES).optional().describe('Only models of this type.'),
  provider: providerIdSchema
    .optional()
    .describe("Only this provider's models (built in, declared in PROVIDERS_PATH, or one the registry has)."),
  team: slugSchema
    .optional()
    .describe("One team's view (a platform key, or an open API); a team key may name only its own."),
});
