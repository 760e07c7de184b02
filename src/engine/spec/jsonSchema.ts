/**
 * The spec schema (specSchema.ts) as a JSON Schema (draft-07), for YAML tools other than ours
 * (the YAML extension's `yaml.schemas`, `# yaml-language-server: $schema=…`, CI validators).
 * `npm run schema` writes it to schemas/automl.schema.json; a unit test keeps that file current.
 */
import type { Task } from '../learners/types';
import { SPEC_SCHEMA, type EnumValue, type SchemaNode } from './specSchema';
import { DURATION_PATTERN } from './duration';

/** A JSON Schema object (plain JSON). */
export type JsonSchema = { readonly [key: string]: unknown };

/** Where the published schema says it lives (its `$id`). */
export const SPEC_SCHEMA_ID = 'https://automl-vscode.invalid/schemas/automl.schema.json';

/**
 * The JSON Schema of `.automl` files. What a JSON Schema can say it says: kinds, names, bounds,
 * unknown keys, and which metrics and learners fit a stated `task`. Rules it cannot say (a data
 * option that does not fit the kind of source, a credential written out) only `parseSpecText`
 * reports.
 */
export function specJsonSchema(): JsonSchema {
  const tasks = (SPEC_SCHEMA.fields.task.kind === 'string' ? (SPEC_SCHEMA.fields.task.values ?? []) : []).map((v) => v.value as Task);
  const root = toJsonSchema(SPEC_SCHEMA) as Record<string, unknown>;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SPEC_SCHEMA_ID,
    title: 'AutoML run spec (.automl)',
    ...root,
    // With a task stated, only the metrics that score it and the learners that do it.
    allOf: tasks.map((task) => ({
      if: { properties: { task: { const: task } }, required: ['task'] },
      then: {
        properties: {
          metric: { enum: namesFor(SPEC_SCHEMA.fields.metric, task) },
          learners: { items: { enum: namesFor(listItems(SPEC_SCHEMA.fields.learners), task) } },
        },
      },
    })),
  };
}

/** The JSON Schema as schemas/automl.schema.json holds it: two-space indents, a final newline. */
export function specJsonSchemaText(): string {
  return `${JSON.stringify(specJsonSchema(), null, 2)}\n`;
}

function listItems(node: SchemaNode): SchemaNode {
  return node.kind === 'list' ? node.items : node;
}

function namesFor(node: SchemaNode, task: Task): string[] {
  const values: readonly EnumValue[] = node.kind === 'string' ? (node.values ?? []) : [];
  return values.filter((v) => v.tasks === undefined || v.tasks.includes(task)).map((v) => v.value);
}

/** One schema node as JSON Schema. */
export function toJsonSchema(node: SchemaNode): JsonSchema {
  const description = node.doc ?? node.summary;
  const common = { description, ...(node.examples === undefined ? {} : { examples: node.examples }) };
  switch (node.kind) {
    case 'object':
      return {
        type: 'object',
        ...common,
        properties: Object.fromEntries(Object.entries(node.fields).map(([key, field]) => [key, toJsonSchema(field)])),
        additionalProperties: node.open === true,
      };
    case 'map':
      return { type: 'object', ...common, propertyNames: { minLength: 1 }, additionalProperties: toJsonSchema(node.values) };
    case 'list':
      return {
        type: 'array',
        ...common,
        items: toJsonSchema(node.items),
        ...(node.unique ? { uniqueItems: true } : {}),
        ...(node.nonEmpty ? { minItems: 1 } : {}),
      };
    case 'string':
      if (node.values !== undefined) {
        // Each name with its meaning, which editors show in completions.
        return { type: 'string', ...common, enum: node.values.map((v) => v.value), ...enumDescriptions(node.values) };
      }
      return { type: 'string', ...common, ...(node.nonEmpty ? { minLength: 1, pattern: '\\S' } : {}) };
    case 'number':
      return {
        type: node.integer ? 'integer' : 'number',
        ...common,
        ...(node.minimum === undefined ? {} : { minimum: node.minimum }),
        ...(node.maximum === undefined ? {} : { maximum: node.maximum }),
        ...(node.exclusiveMinimum === undefined ? {} : { exclusiveMinimum: node.exclusiveMinimum }),
        ...(node.exclusiveMaximum === undefined ? {} : { exclusiveMaximum: node.exclusiveMaximum }),
      };
    case 'boolean':
      return { type: 'boolean', ...common };
    case 'duration':
      return {
        ...common,
        oneOf: [
          { type: 'number', exclusiveMinimum: 0, description: 'Seconds.' },
          { type: 'string', pattern: DURATION_PATTERN, description: 'Hours, minutes and seconds with units: 90s, 5m, 1h30m.' },
        ],
      };
    case 'either':
      return { ...common, oneOf: node.options.map(toJsonSchema) };
  }
}

/** `enum` values' meanings, as VS Code's and the YAML extension's `enumDescriptions`. */
function enumDescriptions(values: readonly EnumValue[]): JsonSchema {
  return { enumDescriptions: values.map((v) => v.doc) };
}
