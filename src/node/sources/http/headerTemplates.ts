/**
 * HTTP request headers from their templates (`Authorization: Bearer ${TOKEN}`): `${NAME}` is
 * read from the source's secrets (VS Code's SecretStorage) first, then from the environment. The
 * expanded values exist only in memory for the requests: errors name a header or a variable,
 * never a value.
 */
import { headerTemplateParts, headerTemplateProblem, HEADER_REFERENCE } from '../../../engine/data/headerTemplate';
import { DataError } from '../../../engine/errors';

/**
 * The headers `templates` stand for, as [name, value] pairs. Throws `DataError` for a template that
 * is not `Name: value`, a reference to a variable that is not set, a credential header written
 * out instead of referenced (it would be saved in the run's spec; see `headerTemplateProblem`),
 * or a value that cannot be sent.
 */
export function expandHeaders(
  templates: readonly string[],
  variables: Readonly<Record<string, string>> = {},
  environment: Readonly<Record<string, string | undefined>> = process.env,
): [string, string][] {
  return templates.map((template) => {
    // The template itself is never quoted: it may hold a credential written out.
    const problem = headerTemplateProblem(template);
    if (problem !== undefined) throw new DataError(problem.message);
    const { name, valueTemplate } = headerTemplateParts(template);
    const value = valueTemplate.replace(HEADER_REFERENCE, (_, variable: string) => {
      const found = variables[variable] ?? environment[variable];
      if (found === undefined || found === '') throw new DataError(`the header '${name}' uses \${${variable}}, which is not set: set ${variable} in the environment`);
      return found;
    });
    // fetch would reject such a value with a message quoting it.
    if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) throw new DataError(`the value of the header '${name}' holds characters HTTP cannot send (line breaks, control characters or characters beyond Latin-1)`);
    return [name, value];
  });
}
