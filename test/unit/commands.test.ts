import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Command } from '../../src/extension/commands';
import { listLearners } from '../../src/engine/learners/index';

interface Manifest {
  contributes: {
    configuration: { properties: Record<string, { items?: { enum?: string[] } }> };
    commands: { command: string }[];
    menus: Record<string, { command: string }[]>;
  };
  activationEvents?: string[];
}

// Tests run from the repository root (npm scripts do that).
const manifest = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as Manifest;

describe('command IDs', () => {
  it('are the ones package.json contributes, each once', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(Command).sort());
  });

  it('are the only commands the menus refer to', () => {
    const ids = new Set<string>(Object.values(Command));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries) assert.ok(ids.has(entry.command), `${menu} refers to unknown ${entry.command}`);
    }
  });

  it('keep activation lazy', () => {
    assert.ok(!(manifest.activationEvents ?? []).includes('*'));
  });

  it('offer exactly the registered learners in the automl.learners setting', () => {
    const offered = manifest.contributes.configuration.properties['automl.learners'].items?.enum ?? [];
    assert.deepEqual([...offered].sort(), listLearners().map((l) => l.name).sort());
  });
});
