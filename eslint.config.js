import tseslint from 'typescript-eslint';

// Layer boundaries, checked by ESLint (docs/architecture.md, "Boundaries").
// Each library may be imported only from the folder that owns it; everywhere
// else the import is an error naming the right place.
const owned = [
  { names: ['grammy', '@grammyjs/*'], owner: 'src/notifications/telegram', message: 'Only src/notifications/telegram/ imports grammY; use the notifier it exposes.' },
  { names: ['openai'], owner: 'src/assistant/llm', message: 'Only src/assistant/llm/ imports openai; use its chat client.' },
  { names: ['better-sqlite3', 'pg', 'mysql2', 'mysql2/*', 'pg/*'], owner: 'src/db', message: 'Only src/db/ talks to the database drivers.' },
];

const noKyselyInRoutes = {
  group: ['kysely', 'kysely/*'],
  message: 'Routes and pages do not build SQL: call a *.repository.ts function (or a domain function taking deps).',
};

// The web adapter (src/http/, src/web/) imports the domains, never the other way round: a
// domain file importing either would make a two-way folder dependency (issue 14).
const noAdapters = {
  regex: '(^|/)(http|web)/',
  message: 'A domain does not import http/ or web/ (they import the domains): move what both need to src/core/ or the domain itself.',
};

/**
 * no-restricted-imports for every owned library except those owned by `except`, plus no imports of
 * the web adapter (unless `adapter`, for the adapter's own files) and no Kysely (with `kysely`).
 */
function restrictImports(except = [], { adapter = false, kysely = false } = {}) {
  const patterns = owned.filter((o) => !except.includes(o.owner)).map((o) => ({ group: o.names, message: o.message }));
  if (!adapter) patterns.push(noAdapters);
  if (kysely) patterns.push(noKyselyInRoutes);
  return ['error', { patterns }];
}

/** The same for lazy loads: require('grammy') or import('openai') outside the owner. */
function restrictLazyLoads(except = []) {
  const selectors = owned
    .filter((o) => !except.includes(o.owner))
    .flatMap((o) => {
      // esquery ends a regex at the first '/', so a sub-path is written \u002f.
      const names = o.names.map((n) => n.replace('/*', '(\\u002f.*)?')).join('|');
      const re = `/^(${names})$/`;
      return [
        { selector: `ImportExpression[source.value=${re}]`, message: o.message },
        { selector: `CallExpression[callee.name='require'][arguments.0.value=${re}]`, message: o.message },
      ];
    });
  return ['error', ...selectors];
}

const noProcessEnv = ['error', { object: 'process', property: 'env', message: 'Only src/config/ reads process.env; add a field to the config and pass it in.' }];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', '.dist/**', 'coverage/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': restrictImports(),
      'no-restricted-syntax': restrictLazyLoads(),
    },
  },
  // Type-checked promise rules on the application code (tests and scripts stay untyped lint, for speed).
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  // Each owner may import its own library (and nothing else's).
  ...owned.map((o) => ({
    files: [`${o.owner}/**`],
    rules: { 'no-restricted-imports': restrictImports([o.owner]), 'no-restricted-syntax': restrictLazyLoads([o.owner]) },
  })),
  // The web adapter and the entry points (main, worker, background) may import the adapter.
  {
    files: ['src/http/**', 'src/web/**', 'src/*.ts', 'src/*.tsx'],
    rules: { 'no-restricted-imports': restrictImports([], { adapter: true }) },
  },
  // Route and page files: no Kysely either.
  {
    files: ['src/**/*.routes.ts', 'src/**/*.routes.tsx'],
    ignores: ['src/http/**', 'src/web/**'],
    rules: { 'no-restricted-imports': restrictImports([], { kysely: true }) },
  },
  {
    files: ['src/http/**/*.routes.ts', 'src/http/**/*.routes.tsx', 'src/web/**/*.routes.ts', 'src/web/**/*.routes.tsx', 'src/web/pages/**'],
    rules: { 'no-restricted-imports': restrictImports([], { adapter: true, kysely: true }) },
  },
  // Only src/config/ reads the environment.
  {
    files: ['src/**'],
    ignores: ['src/config/**', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: { 'no-restricted-properties': noProcessEnv },
  },
  // Exceptions by design: tests, benchmarks and scripts set up real drivers,
  // fake servers and environments themselves.
  {
    files: ['test/**', 'bench/**', 'scripts/**', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
  },
);
