/**
 * URLs as they may be recorded or shown: some web APIs take their key in the query string
 * (`?api_key=…`, `?access_token=…`, signed links with `sig=`), and a URL may carry a password
 * (`https://user:secret@host`). Such parts never reach a spec, a run folder, a log or a message.
 */

/**
 * Query parameter names that hold secrets: token, key, secret, password, signature, auth and
 * credential, alone or as a word of the name (`access_token`, `api-key`, `apiKey`, `X-Amz-Signature`).
 */
const SECRET_NAME = /(^|[_.-])(token|key|secret|password|passwd|pwd|pass|sig|signature|auth|authorization|credentials?|session|sessionid)s?($|[_.-])|^(apikey|accesstoken|authtoken|clientsecret|privatekey)$/;

/** Whether a query parameter's name says it holds a secret. */
export function isSecretParameter(name: string): boolean {
  // camelCase words become separate words: apiKey -> api_key.
  const words = safeDecode(name)
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
  return SECRET_NAME.test(words);
}

/**
 * `url` without the query parameters whose names say they hold secrets (`isSecretParameter`) and
 * without a password in its user part; everything else as written.
 */
export function redactUrl(url: string): string {
  const hashAt = url.indexOf('#');
  const fragment = hashAt < 0 ? '' : url.slice(hashAt);
  const beforeFragment = hashAt < 0 ? url : url.slice(0, hashAt);
  const queryAt = beforeFragment.indexOf('?');
  const base = withoutPassword(queryAt < 0 ? beforeFragment : beforeFragment.slice(0, queryAt));
  if (queryAt < 0) return base + fragment;
  const kept = beforeFragment
    .slice(queryAt + 1)
    .split('&')
    .filter((part) => part !== '' && !isSecretParameter(part.split('=')[0]));
  return `${base}${kept.length > 0 ? `?${kept.join('&')}` : ''}${fragment}`;
}

/** `scheme://user:password@host…` without `:password`. */
function withoutPassword(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(url);
  if (!match) return url;
  const [, scheme, authority, rest] = match;
  const at = authority.lastIndexOf('@');
  if (at < 0) return url;
  const user = authority.slice(0, at);
  const colon = user.indexOf(':');
  return colon < 0 ? url : `${scheme}${user.slice(0, colon)}@${authority.slice(at + 1)}${rest}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
