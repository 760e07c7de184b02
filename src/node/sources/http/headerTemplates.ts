/**
 * HTTP request headers from their templates (`Authorization: Bearer ${TOKEN}`): `${NAME}` is
 * read from the source's secrets (VS Code's SecretStorage) first, then from the environment. The
 * expanded values exist only in memory for the requests: errors name a header or a variable,
 * never a value.
 */
import { DataError } from '../../../engine/errors';

/** Header names whose value is a credential: they must come from a `${NAME}` reference, never be written out. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie)$|token|secret|key|password|auth/i;
/** RFC 9110's token characters, the letters of a header name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * The headers `templates` stand for, as [name, value] pairs. Throws `DataError` for a template that
 * is not `Name: value`, a reference to a variable that is not set, a credential header written
 * out instead of referenced (it would be saved in the run's spec), or a value that cannot be sent.
 */
export function expandHeaders(
  templates: readonly string[],
  variables: Readonly<Record<string, string>> = {},
  environment: Readonly<Record<string, string | undefined>> = process.env,
): [string, string][] {
  return templates.map((template) => {
    const colon = template.indexOf(':');
    const name = colon < 0 ? '' : template.slice(0, colon).trim();
    // The template itself is never quoted: it may hold a credential written out.
    if (!HEADER_NAME.test(name)) throw new DataError(`a header must read 'Name: value' (got one ${colon < 0 ? 'without a colon' : `named '${name}'`})`);
    const valueTemplate = template.slice(colon + 1).trim();
    const references = [...valueTemplate.matchAll(REFERENCE)];
    if (references.length === 0 && CREDENTIAL_HEADER.test(name)) {
      throw new DataError(
        `the header '${name}' holds its credential as written; write it as '${name}: … \${NAME}' with NAME set in the environment (or VS Code's secret storage), so that it is never saved`,
      );
    }
    const value = valueTemplate.replace(REFERENCE, (_, variable: string) => {
      const found = variables[variable] ?? environment[variable];
      if (found === undefined || found === '') throw new DataError(`the header '${name}' uses \${${variable}}, which is not set: set ${variable} in the environment`);
      return found;
    });
    // fetch would reject such a value with a message quoting it.
    if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) throw new DataError(`the value of the header '${name}' holds characters HTTP cannot send (line breaks, control characters or characters beyond Latin-1)`);
    return [name, value];
  });
}
