import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  houseRuleViolations,
  importCircles,
  importsOf,
  repositorySources,
  type SourceFile,
} from '../support/house-rules.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const file = (path: string, text: string): SourceFile => ({ path, imports: importsOf(path, text) });

describe('the house rules', () => {
  const sources = repositorySources(ROOT);

  it('hold for every import line of the repository', () => {
    expect(sources.length).toBeGreaterThan(200);
    expect(houseRuleViolations(sources)).toEqual([]);
  });

  it('leave no import circle among the source files', () => {
    expect(importCircles(sources)).toEqual([]);
  });
});

describe('the rule checker', () => {
  it('reads static, re-exported, type-only, side-effect and dynamic imports', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from '../b/b.ts';",
      "export { c } from './c.ts';",
      "import 'node:fs';",
      "const d = await import('../d.ts');",
      "import {\n  e,\n  f,\n} from 'drizzle-orm/pg-core';",
    ].join('\n');
    expect(importsOf('worker/x/y.ts', text)).toEqual([
      { target: 'worker/x/a.ts', typeOnly: false },
      { target: 'worker/b/b.ts', typeOnly: true },
      { target: 'worker/x/c.ts', typeOnly: false },
      { target: 'node:fs', typeOnly: false },
      { target: 'drizzle-orm', typeOnly: false },
      { target: 'worker/d.ts', typeOnly: false },
    ]);
  });

  it('fails on each broken rule, and only on production files', () => {
    const broken = [
      file('stats/read.ts', "import { x } from '../worker/db/rows.ts';"),
      file('stats/pair.ts', "import { z } from 'zod';"),
      file('ingest-agent/agent.ts', "import { k } from '../worker/ingest/keys.ts';"),
      file('ingest-protocol/sign.ts', "import { o } from '../worker/importer/outcome.ts';"),
      file('ingest-protocol/keys.ts', "import { z } from 'zod';"),
      file('worker/commands/stats.ts', "import { sql } from 'drizzle-orm';"),
      file('worker/commands/map.ts', "import { rounds } from '../../schema/index.ts';"),
      file('worker/commands/top.ts', "import { i } from '../importer/import-file.ts';"),
      file('scripts/start.ts', "import { f } from '../test/support/fake.ts';"),
      file('worker/discord/dispatch.ts', "import { commands } from '../commands/index.ts';"),
    ];
    const rulesBroken = houseRuleViolations(broken).map((v) => v.file);
    expect(rulesBroken).toEqual(broken.map((f) => f.path));

    const allowed = [
      file('stats/read.test.ts', "import { g } from '../generator/index.ts';"),
      file('ingest-agent/agent.test.ts', "import { app } from '../worker/app.ts';"),
      file('worker/commands/stats.test.ts', "import { sql } from 'drizzle-orm';"),
      file('bench/run.ts', "import { corpus } from '../test/support/corpus.ts';"),
      file('ingest-agent/agent.ts', "import { s } from '../ingest-protocol/sign.ts';"),
      file('worker/commands/stats.ts', "import type { Command } from '../discord/command.ts';"),
    ];
    expect(houseRuleViolations(allowed)).toEqual([]);
  });

  it('finds an import circle, type-only ones too, and ignores tests', () => {
    const circle = [
      file('worker/a.ts', "import { b } from './b.ts';"),
      file('worker/b.ts', "import type { C } from './c.ts';"),
      file('worker/c.ts', "import { a } from './a.ts';"),
      file('worker/d.ts', "import { a } from './a.ts';"),
      file('worker/d.test.ts', "import { d } from './d.ts';"),
      file('worker/a.test.ts', "import { d } from './d.ts';"),
    ];
    expect(importCircles(circle)).toEqual([['worker/a.ts', 'worker/b.ts', 'worker/c.ts']]);
  });
});
