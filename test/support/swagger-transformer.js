// ts-jest wrapper for the @nestjs/swagger compiler plugin, with the same options as nest-cli.json,
// so the OpenAPI document built in tests equals the one the built server serves.
const plugin = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-transformer';
module.exports.version = 1;
module.exports.factory = (compiler) =>
  plugin.before(
    { classValidatorShim: true, introspectComments: true, dtoFileNameSuffix: ['.dto.ts', '.entity.ts'] },
    compiler.program,
  );
