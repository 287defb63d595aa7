import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rules of eslint.config.mjs, fired on one-line fixtures placed where the code
 * would live. Each breach must be reported as an error, and the same import from a place
 * the layers allow must pass, so a rule that never fires (or always fires) fails here.
 */
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function restrictedImports(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = x;\n`, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const CASES: { rule: string; file: string; breach: string; allowed: string; allowedFile?: string }[] = [
  {
    rule: 'db/ imports nothing from api/',
    file: 'electron/db/fixture.ts',
    breach: "import { x } from '../api/core/context';",
    allowed: "import { x } from './keyset';",
  },
  {
    rule: 'db/ (nested) imports nothing from api/',
    file: 'electron/db/rollups/fixture.ts',
    breach: "import { x } from '../../api/core/context';",
    allowed: "import { x } from '../settings';",
  },
  {
    rule: 'shared/domain imports nothing from shared/contract',
    file: 'shared/domain/fixture.ts',
    breach: "import { x } from '../contract/errors';",
    allowed: "import { x } from './money';",
  },
  {
    rule: 'shared/domain imports nothing from the contract index, while the contract may import the domain',
    file: 'shared/domain/fixture.ts',
    breach: "import { x } from '../contract';",
    allowed: "import { x } from '../domain/money';",
    allowedFile: 'shared/contract/fixture.ts',
  },
  {
    rule: 'shared/ imports nothing from electron/',
    file: 'shared/contract/fixture.ts',
    breach: "import { x } from '../../electron/db/schema';",
    allowed: "import { x } from './define';",
  },
  {
    rule: 'shared/ imports no Node built-in',
    file: 'shared/domain/fixture.ts',
    breach: "import { x } from 'node:crypto';",
    allowed: "import { x } from './csv';",
  },
  {
    rule: 'shared/ imports no database driver',
    file: 'shared/domain/fixture.ts',
    breach: "import x from 'better-sqlite3';",
    allowed: "import { x } from './fees';",
  },
  {
    rule: 'shared/ imports no DOM library',
    file: 'shared/domain/fixture.ts',
    breach: "import { x } from 'react';",
    allowed: "import { x } from './time';",
  },
  {
    rule: 'renderer/ imports nothing from electron/',
    file: 'renderer/src/features/fixture.ts',
    breach: "import { x } from '../../../electron/api/handlers';",
    allowed: "import { x } from '../../../shared/domain/money';",
  },
  {
    rule: "an api domain does not import another domain's handlers",
    file: 'electron/api/overview/fixture.ts',
    breach: "import { x } from '../refunds/handlers';",
    allowed: "import { x } from '../refunds/queries';",
  },
  {
    rule: 'an api domain does not import the whole handler map',
    file: 'electron/api/refunds/fixture.ts',
    breach: "import { x } from '../handlers';",
    allowed: "import { x } from './handlers';",
  },
  {
    rule: 'api/core imports no domain',
    file: 'electron/api/core/fixture.ts',
    breach: "import { x } from '../frozen/queries';",
    allowed: "import { x } from '../../db/keyset';",
  },
];

describe('layer rules', () => {
  it.each(CASES)('$rule', async ({ file, breach, allowed, allowedFile }) => {
    expect(await restrictedImports(file, breach)).not.toEqual([]);
    expect(await restrictedImports(allowedFile ?? file, allowed)).toEqual([]);
  });

  it('are errors, so `npm run lint` (and CI) fails on a breach', async () => {
    const [result] = await eslint.lintText("import { x } from '../api/core/context';\nexport const y = x;\n", {
      filePath: 'electron/db/fixture.ts',
    });
    expect(result.errorCount).toBeGreaterThan(0);
  });
});
