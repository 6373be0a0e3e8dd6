// Resolution hooks for loaded-packages.mjs (they run on the loader's own thread).
import { appendFileSync } from 'node:fs';

let file;
const seen = new Set();

export function initialize(data) {
  file = data?.file;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(resolved.url);
  if (file && match && !seen.has(match[1])) {
    seen.add(match[1]);
    appendFileSync(file, `${match[1]}\n`);
  }
  return resolved;
}
