// The consumer API's OpenAPI document is a valid OpenAPI 3.1 document (checked by a maintained validator of the
// specification's own JSON Schemas), and says what the API does: its parameters, schemes and errors.
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { GATEWAY_FORMATS } from '../registry/gateways/targets';
import { MODEL_TYPES } from '../registry/types';
import { openApiDocument } from './openapi';

const doc = openApiDocument() as Record<string, any>;

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it("takes its parameters and schemas from the routes' own zod schemas", () => {
    const list = doc.paths['/api/v1/models'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(['type', 'provider', 'team']);
    expect(list.parameters[0].schema.enum).toEqual([...MODEL_TYPES]);
    expect(list.parameters[2].schema.pattern).toBe('^[a-z0-9][a-z0-9-]{0,62}$');
    const model = doc.components.schemas.Model;
    expect(model.additionalProperties).toBe(false);
    expect(model.required).toContain('pricing');
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toContain('team_forbidden');
  });

  it('names the bearer scheme and every error status', () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.paths['/api/v1/models'].get.responses)).toEqual([
      '200',
      '304',
      '400',
      '401',
      '403',
      '429',
      '503',
    ]);
    expect(Object.keys(doc.paths['/api/v1/models/{id}'].get.responses)).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '429',
      '503',
    ]);
  });

  it("says what the gateways' path answers: YAML for the platform, the formats it knows, its own errors", () => {
    const gateway = doc.paths['/api/v1/gateways/{format}'].get;
    expect(gateway.parameters.map((p: { name: string }) => p.name)).toEqual(['format', 'team']);
    expect(gateway.parameters[0].schema.enum).toEqual([...GATEWAY_FORMATS]);
    expect(Object.keys(gateway.responses['200'].content)).toEqual(['application/yaml']);
    expect(Object.keys(gateway.responses['200'].headers)).toEqual(['ETag', 'X-Registry-Revision']);
    expect(Object.keys(gateway.responses['304'].headers)).toEqual(['ETag', 'X-Registry-Revision']);
    // Never anonymous, unlike the list where CONSUMER_API_ACCESS is open.
    expect(gateway.security).toEqual([{ apiKey: [] }]);
    expect(Object.keys(gateway.responses)).toEqual(['200', '304', '400', '401', '403', '404', '429', '503']);
    const codes = doc.components.schemas.Error.properties.error.properties.code.enum;
    for (const code of ['platform_key_required', 'gateway_not_found', 'team_not_found']) {
      expect(codes).toContain(code);
      expect(JSON.stringify(gateway.responses)).toContain(`\`${code}\``);
    }
  });
});
