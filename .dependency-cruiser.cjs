/**
 * Dependency rules (CONVENTIONS.md §1): dependencies point inward. Each rule has a name and the
 * reason it exists; `npm run lint` fails on any violation.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'contracts-are-pure',
      comment: 'Wire schemas are shared by server, CLI and web UI; they may only use zod and core.',
      severity: 'error',
      from: { path: '^src/contracts' },
      to: { path: '^src/', pathNot: '^src/(contracts|core)/' },
    },
    {
      name: 'core-has-no-io',
      comment: 'Domain rules (state machines, error catalogue, backoff) import nothing from the edges.',
      severity: 'error',
      from: { path: '^src/core', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'core-uses-no-io-libraries',
      comment: 'core never touches the database, the network or the file system.',
      severity: 'error',
      from: { path: '^src/core', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['npm', 'core'], path: '(^|/)(pg|fastify|node:fs|fs|node:net|net|node:http|http|node:child_process|child_process)($|/)' },
    },
    {
      name: 'store-below-engine',
      comment: 'The store is the persistence layer; it must not depend on the engine, HTTP, CLI or workflows.',
      severity: 'error',
      from: { path: '^src/store' },
      to: { path: '^src/(engine|http|cli|workflows)/' },
    },
    {
      name: 'engine-not-on-edges',
      comment: 'The engine is driven by the edges (HTTP, CLI); it never imports them.',
      severity: 'error',
      from: { path: '^src/engine' },
      to: { path: '^src/(http|cli)/' },
    },
    {
      name: 'http-not-on-cli',
      comment: 'createApp never knows which command started it.',
      severity: 'error',
      from: { path: '^src/http' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'workflows-through-engine-api',
      comment: 'Workflows use the engine definition API and contracts, not the store or HTTP.',
      severity: 'error',
      from: { path: '^src/workflows' },
      to: { path: '^src/(store|http|cli)/' },
    },
    {
      name: 'production-code-not-on-testing',
      comment: 'Test helpers are for tests only.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['\\.test\\.ts$', '^src/testing/'] },
      to: { path: '^src/testing/' },
    },
    {
      name: 'no-circular',
      comment: 'Cycles make modules impossible to understand or test alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|scratch)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js'] },
  },
};
