/** Dependency rules: the hexagon's layers (ARCHITECTURE §2) and no cycles. Run by `npm test`. */
const PURE = '^libs/(raft|pbft|hashing|coherence|locks|queue|core|sim)/';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Cycles make modules impossible to reason about alone.', from: {}, to: { circular: true } },
    {
      name: 'pure-domain-no-frameworks',
      severity: 'error',
      comment: 'Pure domain libraries take I/O, time and randomness through ports.',
      from: { path: PURE },
      to: { path: '(^|/)node_modules/(@nestjs|ioredis|typeorm|pg|better-sqlite3)/|^(net|fs|timers|crypto)$' },
    },
    {
      name: 'pure-domain-no-node-io',
      severity: 'error',
      from: { path: PURE },
      to: { dependencyTypes: ['core'], path: '^(node:)?(net|fs|fs/promises|timers|crypto|child_process|http|dgram)$' },
    },
    { name: 'domain-not-to-adapters-or-apps', severity: 'error', from: { path: PURE }, to: { path: '^(libs/adapters|apps|src)/' } },
    { name: 'adapters-not-to-apps', severity: 'error', from: { path: '^libs/adapters/' }, to: { path: '^(apps|src)/' } },
    { name: 'libs-not-to-apps', severity: 'error', from: { path: '^libs/' }, to: { path: '^(apps|src)/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|data|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
