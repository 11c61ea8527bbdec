// How deeply a server-action payload nests, read before React decodes it: React's reply decoder recurses once per
// level, so a payload nested tens of thousands deep would overflow the stack and answer 500. The proxy refuses it.

/** Far deeper than any form or dialog of the registry sends (a bulk edit nests about 5 levels). */
export const MAX_PAYLOAD_DEPTH = 64;

/** Whether the JSON text nests arrays and objects deeper than `limit` (brackets inside strings do not count). */
export function nestsDeeperThan(json: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return false;
}

/**
 * Whether a server-action request's body nests deeper than MAX_PAYLOAD_DEPTH. React sends one JSON text
 * (text/plain) or a multipart form whose JSON parts are named by number; the other form fields are the user's
 * own text and are not JSON, so they are not counted.
 */
export async function actionPayloadTooDeep(request: Request): Promise<boolean> {
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await request.clone().formData();
    } catch {
      return false; // not ours to judge: React answers a malformed form itself
    }
    for (const [name, value] of form) {
      if (/^\d+$/.test(name) && typeof value === 'string' && nestsDeeperThan(value, MAX_PAYLOAD_DEPTH))
        return true;
    }
    return false;
  }
  return nestsDeeperThan(await request.clone().text(), MAX_PAYLOAD_DEPTH);
}
