/** Unit specs beside the code (*.spec.ts) and e2e specs in test/ (*.e2e-spec.ts), one config. */
const libs = ['core', 'metrics', 'sensors', 'modules', 'projects', 'activity', 'demo'];

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: 'tsconfig.json',
        // The same OpenAPI plugin as the build, so the spec a test sees is the one the server serves.
        astTransformers: { before: ['<rootDir>/test/support/swagger-transformer.js'] },
      },
    ],
  },
  moduleNameMapper: Object.fromEntries(
    libs.flatMap((lib) => [
      [`^@app/${lib}$`, `<rootDir>/libs/${lib}/src`],
      [`^@app/${lib}/(.*)$`, `<rootDir>/libs/${lib}/src/$1`],
    ]),
  ),
  testTimeout: 30000,
  maxWorkers: 2,
};
