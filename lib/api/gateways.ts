// GET /api/v1/gateways/{format}[?team=SLUG] — a gateway's config written from the registry (registry/gateways/):
// YAML, with an ETag like the consumer list (If-None-Match answers 304) and the revision it reflects. Only the
// platform may read it (REGISTRY_API_TOKEN or a platform key): it names every offered model and who may use it.
import { isRegistryError } from '../registry/errors';
import {
  type GatewayFormat,
  gatewayConfig,
  parseGatewayFormat,
  UnknownTeamError,
} from '../registry/gateways/export';
import { ifNoneMatchHits } from '../registry/reads/consumer';
import { type ApiDeps, callerOf, guarded } from './models';
import { apiError } from './responses';

const FILE_NAMES: Record<GatewayFormat, string> = { litellm: 'config.yaml', librechat: 'librechat.yaml' };

export function gatewayConfigResponse(request: Request, format: string, deps: ApiDeps): Promise<Response> {
  return guarded(async () => {
    const caller = await callerOf(request, deps);
    if (caller instanceof Response) return caller;
    if (caller.kind !== 'platform') {
      const message =
        'A gateway config names every offered model and who may use it: it needs a platform key (REGISTRY_API_TOKEN, or npm run keys:create -- --platform).';
      return caller.kind === 'key'
        ? apiError(403, `This key belongs to a team. ${message}`, 'platform_key_required')
        : apiError(401, message, 'platform_key_required', {
            'WWW-Authenticate': 'Bearer realm="model-registry"',
          });
    }
    let known: GatewayFormat;
    try {
      known = parseGatewayFormat(format);
    } catch (error) {
      if (isRegistryError(error, 'usage')) return apiError(404, error.message, 'gateway_not_found');
      throw error;
    }
    const team = new URL(request.url).searchParams.get('team') || null;
    const db = await deps.db();
    let config: Awaited<ReturnType<typeof gatewayConfig>>;
    try {
      config = await gatewayConfig(db, { format: known, team, env: deps.env });
    } catch (error) {
      if (error instanceof UnknownTeamError) return apiError(400, error.message, 'team_not_found');
      throw error;
    }
    const headers = {
      ETag: config.etag,
      'Cache-Control': 'private, no-cache',
      Vary: 'Authorization',
      'X-Registry-Revision': String(config.revision),
    };
    if (ifNoneMatchHits(request.headers.get('if-none-match'), config.etag)) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(config.body, {
      status: 200,
      headers: {
        ...headers,
        'Content-Type': 'application/yaml; charset=utf-8',
        'Content-Disposition': `inline; filename="${FILE_NAMES[known]}"`,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
