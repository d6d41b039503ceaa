/**
 * The import rules between the project's parts, enforced by ESLint's own `no-restricted-imports`: one
 * config block per part, naming every part it may never import and why. docs/architecture.md draws the
 * parts and the allowed arrows; this file is the copy the linter holds, so `npm run lint` needs nothing
 * outside the repository.
 *
 * A part is reached through its alias (`@app/metrics`, `@app/metrics/...`) or a path into its folder
 * (`../../metrics/src/...`, `libs/metrics/src/...`, `../apps/api/src/...`); both forms are refused.
 * (Only static `import`/`export ... from` are checked: the code has no `require()` or `import()` of a part.)
 */

/** Each part: the folders it is, and how an import names it (alias and folder as a path segment). */
const PARTS = {
  Api: { files: ['apps/api/**'], imported: ['(?:\\.\\./)*apps/api(?:/|$)'] },
  Cli: { files: ['apps/cli/**'], imported: ['(?:\\.\\./)*apps/cli(?:/|$)'] },
  Dashboard: { files: ['web/**'], imported: ['(?:\\.\\./)*web/src(?:/|$)'] },
  Client: { files: ['clients/**'], imported: ['(?:\\.\\./)*clients/typescript(?:/|$)'] },
  Demo: { files: ['libs/demo/**'], imported: library('demo') },
  Metrics: { files: ['libs/metrics/**'], imported: library('metrics') },
  Sensors: { files: ['libs/sensors/**'], imported: library('sensors') },
  Activity: { files: ['libs/activity/**'], imported: library('activity') },
  Projects: { files: ['libs/projects/**'], imported: library('projects') },
  Modules: { files: ['libs/modules/**'], imported: library('modules') },
  Core: { files: ['libs/core/**'], imported: library('core') },
};

/** [from, to, why]: the arrows that must never exist. */
const NEVER = [
  ['Core', 'Metrics', 'the core knows no feature'],
  ['Core', 'Sensors', 'the core knows no feature'],
  ['Core', 'Activity', 'the core knows no feature'],
  ['Core', 'Projects', 'the core knows no feature'],
  ['Core', 'Modules', 'the core knows no feature'],
  ['Core', 'Demo', 'the core knows no feature'],
  ['Core', 'Api', 'libraries never reach the app'],
  ['Metrics', 'Api', 'libraries never reach the app'],
  ['Sensors', 'Api', 'libraries never reach the app'],
  ['Demo', 'Api', 'libraries never reach the app'],
  ['Activity', 'Api', 'libraries never reach the app'],
  ['Projects', 'Api', 'libraries never reach the app'],
  ['Modules', 'Api', 'libraries never reach the app'],
  ['Sensors', 'Metrics', 'metrics read sensors, not the other way'],
  ['Activity', 'Metrics', 'metrics read activity, not the other way'],
  ['Projects', 'Metrics', 'metrics read projects, not the other way'],
  ['Modules', 'Metrics', 'module metadata stands alone'],
  ['Metrics', 'Demo', 'production code never needs the demo'],
  ['Sensors', 'Demo', 'production code never needs the demo'],
  ['Activity', 'Demo', 'production code never needs the demo'],
  ['Projects', 'Demo', 'production code never needs the demo'],
  ['Modules', 'Demo', 'production code never needs the demo'],
  ['Activity', 'Sensors', 'two features that share nothing'],
  ['Sensors', 'Activity', 'two features that share nothing'],
  ['Dashboard', 'Core', 'the page knows only the client'],
];

function library(name) {
  return [`@app/${name}(?:/|$)`, `(?:\\.\\./)*(?:libs/)?${name}/src(?:/|$)`];
}

/** Flat-config blocks: for every part with forbidden arrows, `no-restricted-imports` on its files. */
const boundaries = Object.entries(PARTS).flatMap(([from, part]) => {
  const patterns = NEVER.filter(([source]) => source === from).flatMap(([, to, why]) =>
    PARTS[to].imported.map((regex) => ({
      regex: `^${regex}`,
      message: `${from} may not import ${to}: ${why} (docs/architecture.md).`,
    })),
  );
  if (patterns.length === 0) return [];
  return [
    {
      files: part.files.map((glob) => glob.replace(/\*\*$/, '**/*.{ts,js,mjs,cjs}')),
      rules: { 'no-restricted-imports': ['error', { patterns }] },
    },
  ];
});

module.exports = { PARTS, NEVER, boundaries };
