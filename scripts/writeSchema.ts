// Writes schemas/automl.schema.json, the JSON Schema of `.automl` spec files, from the engine's
// spec schema (src/engine/spec/specSchema.ts). Run through `npm run schema`; a unit test
// (test/unit/spec/jsonSchema.test.ts) fails when the committed file is out of date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { specJsonSchemaText } from '../src/engine/spec/jsonSchema';

mkdirSync('schemas', { recursive: true });
writeFileSync('schemas/automl.schema.json', specJsonSchemaText());
console.log('wrote schemas/automl.schema.json');
