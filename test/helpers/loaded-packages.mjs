// `node --import ./test/helpers/loaded-packages.mjs`: appends the name of every npm package the
// process loads (static or dynamic ESM import, or require) to LOADED_PACKAGES_FILE, one a line,
// when it is first resolved. ESM imports never appear in `require.cache`, so they are seen by a
// resolution hook; requires by wrapping CommonJS resolution.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const file = process.env.LOADED_PACKAGES_FILE;
if (!file) throw new Error('loaded-packages.mjs needs LOADED_PACKAGES_FILE');
register('./loaded-packages-hooks.mjs', import.meta.url, { data: { file } });

const seen = new Set();
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const resolved = resolveFilename.apply(this, args);
  const match = /[/\\]node_modules[/\\]((?:@[^/\\]+[/\\])?[^/\\]+)[/\\]/.exec(resolved);
  if (match && !seen.has(match[1])) {
    seen.add(match[1]);
    appendFileSync(file, `${match[1]}\n`);
  }
  return resolved;
};
