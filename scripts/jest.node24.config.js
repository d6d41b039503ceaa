/**
 * The jest config of the Node 24 tier (scripts/run-tests.js): the project's, with better-sqlite3 mapped to
 * the copy compiled for Node 24 (NODE24_BETTER_SQLITE3, from scripts/node24.js).
 */
const path = require('node:path');
const base = require('../jest.config.js');

if (!process.env.NODE24_BETTER_SQLITE3)
  throw new Error('NODE24_BETTER_SQLITE3 is not set: see scripts/node24.js');

module.exports = {
  ...base,
  rootDir: path.resolve(__dirname, '..'),
  moduleNameMapper: { ...base.moduleNameMapper, '^better-sqlite3$': process.env.NODE24_BETTER_SQLITE3 },
};
