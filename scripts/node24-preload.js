/**
 * Preloaded (NODE_OPTIONS=--require) into every process of the Node 24 test tier, the service's child
 * processes included: `require('better-sqlite3')` loads the copy compiled for Node 24
 * (NODE24_BETTER_SQLITE3, prepared by scripts/node24.js) instead of node_modules' one, built for the
 * machine's Node. Jest resolves modules itself: scripts/jest.node24.config.js maps the same name.
 */
const Module = require('node:module');

const target = process.env.NODE24_BETTER_SQLITE3;
if (target) {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return resolve.call(this, request === 'better-sqlite3' ? target : request, ...rest);
  };
}
