import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { boundaries } = require('../eslint.boundaries.cjs') as { boundaries: Linter.Config[] };

const root = resolve(__dirname, '..');

/** ESLint with only the import rules (and the TypeScript parser), over in-memory sources. */
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...boundaries],
});

async function importErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: resolve(root, filePath) });
  return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('the import rules between parts', () => {
  it.each([
    [
      'libs/core/src/cache/example.ts',
      "import { MetricRegistry } from '@app/metrics';",
      'Core may not import Metrics: the core knows no feature (docs/architecture.md).',
    ],
    [
      'libs/core/src/example.ts',
      "import { SensorsService } from '../../sensors/src/sensors.service';",
      'Core may not import Sensors: the core knows no feature (docs/architecture.md).',
    ],
    [
      'libs/sensors/src/example.ts',
      "import { ActivityService } from '@app/activity/activity.service';",
      'Sensors may not import Activity: two features that share nothing (docs/architecture.md).',
    ],
    [
      'libs/activity/src/example.ts',
      "import type { SensorEntity } from '@app/sensors';",
      'Activity may not import Sensors: two features that share nothing (docs/architecture.md).',
    ],
    [
      'libs/projects/src/example.ts',
      "export { DemoModule } from '@app/demo';",
      'Projects may not import Demo: production code never needs the demo (docs/architecture.md).',
    ],
    [
      'libs/metrics/src/stream/example.ts',
      "import { createApp } from '../../../../apps/api/src/bootstrap';",
      'Metrics may not import Api: libraries never reach the app (docs/architecture.md).',
    ],
    [
      'libs/modules/src/example.ts',
      "import { createApp } from 'apps/api/src/bootstrap';",
      'Modules may not import Api: libraries never reach the app (docs/architecture.md).',
    ],
    [
      'libs/modules/src/example.ts',
      "import { MetricRegistry } from 'libs/metrics/src/metric-registry';",
      'Modules may not import Metrics: module metadata stands alone (docs/architecture.md).',
    ],
    [
      'web/src/example.ts',
      "import { parseAppConfig } from '../../libs/core/src/config/app.config';",
      'Dashboard may not import Core: the page knows only the client (docs/architecture.md).',
    ],
  ])('%s: refuses %s', async (filePath, source, message) => {
    const imported = /from '([^']+)'/.exec(source)![1];
    expect(await importErrors(filePath, source)).toEqual([
      `no-restricted-imports: '${imported}' import is restricted from being used by a pattern. ${message}`,
    ]);
  });

  it.each([
    ['libs/metrics/src/example.ts', "import { SensorsModule } from '@app/sensors';"],
    ['libs/sensors/src/example.ts', "import { ProjectsModule } from '@app/projects';"],
    ['libs/demo/src/example.ts', "import { MetricsModule } from '@app/metrics';"],
    ['libs/core/src/example.ts', "import { LiveStore } from '../live-store/live-store';"],
    ['libs/metrics/src/stream/example.ts', "import { MetricRegistry } from '../metric-registry';"],
    ['libs/core/src/example.ts', "import { Redis } from 'ioredis';"],
    ['apps/api/src/example.ts', "import { DemoModule } from '@app/demo';"],
    ['web/src/example.ts', "import { unwrap } from '../../clients/typescript';"],
  ])('%s: allows %s', async (filePath, source) => {
    expect(await importErrors(filePath, source)).toEqual([]);
  });

  it('is part of the project config for every part', () => {
    // The project config is an ES module, which this test runner cannot load; a child node process asks
    // ESLint which options it applies to a file of each part.
    const files = [
      'libs/core/src/index.ts',
      'libs/sensors/src/index.ts',
      'libs/demo/src/index.ts',
      'web/src/main.ts',
    ];
    const script = `
      const { ESLint } = require('eslint');
      (async () => {
        const eslint = new ESLint();
        const out = {};
        for (const file of ${JSON.stringify(files)}) {
          out[file] = (await eslint.calculateConfigForFile(file)).rules['no-restricted-imports'];
        }
        process.stdout.write(JSON.stringify(out));
      })();`;
    const child = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    const applied = JSON.parse(child.stdout) as Record<string, unknown>;
    for (const file of files) {
      const expected = boundaries.find((block) =>
        (block.files as string[]).some((glob) => file.startsWith(glob.split('**')[0])),
      )?.rules?.['no-restricted-imports'];
      expect(expected).toBeDefined();
      const [, options] = expected as [string, unknown];
      expect(applied[file]).toEqual([2, options]); // 2 = "error", as ESLint normalizes it
    }
  });
});
