/**
 * HTTP header templates as specs hold them (`Authorization: Bearer ${TOKEN}`): the rules a
 * template must follow before anything is sent, shared by the web API source (which expands
 * them, src/node/sources/http/headerTemplates.ts) and the `.automl` spec checker (which reports
 * them with a position), so a credential written out is refused the same way in both.
 */

/** Header names whose value is a credential: they must come from a `${NAME}` reference, never be written out. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie)$|token|secret|key|password|auth/i;
/** RFC 9110's token characters, the letters of a header name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A `${NAME}` reference to a variable (global: use with `matchAll` or `replace`). */
export const HEADER_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** A template split at its colon: the header's name and its value template, both trimmed. */
export interface HeaderTemplateParts {
  readonly name: string;
  readonly valueTemplate: string;
}

/** What is wrong with a template before expansion, if anything. */
export type HeaderTemplateProblem =
  /** Not `Name: value`. The message never quotes the template: it may hold a credential. */
  | { readonly kind: 'format'; readonly message: string }
  /** A credential header whose value is written out rather than a `${NAME}` reference. */
  | { readonly kind: 'literalCredential'; readonly message: string };

/** The name and value template of `template` (the name is '' without a colon). */
export function headerTemplateParts(template: string): HeaderTemplateParts {
  const colon = template.indexOf(':');
  return colon < 0 ? { name: '', valueTemplate: template.trim() } : { name: template.slice(0, colon).trim(), valueTemplate: template.slice(colon + 1).trim() };
}

/**
 * Checks a header template without expanding it: it must read `Name: value`, and a credential
 * header (Authorization, Cookie, names with token, key, secret, password or auth) must take its
 * value from a `${NAME}` reference so that the value is never saved. Undefined when it is fine.
 */
export function headerTemplateProblem(template: string): HeaderTemplateProblem | undefined {
  const colon = template.indexOf(':');
  const { name, valueTemplate } = headerTemplateParts(template);
  if (!HEADER_NAME.test(name)) {
    return { kind: 'format', message: `a header must read 'Name: value' (got one ${colon < 0 ? 'without a colon' : `named '${name}'`})` };
  }
  if (!valueTemplate.match(HEADER_REFERENCE) && CREDENTIAL_HEADER.test(name)) {
    return {
      kind: 'literalCredential',
      message: `the header '${name}' holds its credential as written; write it as '${name}: … \${NAME}' with NAME set in the environment (or VS Code's secret storage), so that it is never saved`,
    };
  }
  return undefined;
}
