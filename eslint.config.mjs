// Lint = the purity boundary of ARCHITECTURE §2. Domain libraries get time and randomness
// through the Clock and Random ports only, so the simulator can replay any run from a seed.
import tseslint from 'typescript-eslint';

const PURE_LIBS = ['raft', 'pbft', 'hashing', 'coherence', 'locks', 'queue', 'core', 'sim'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: PURE_LIBS.map((lib) => `libs/${lib}/src/**/*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['net', 'node:net', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'timers', 'node:timers', 'ioredis', 'typeorm', 'crypto', 'node:crypto'].map((name) => ({
            name,
            message: 'Pure domain libraries do no I/O: take it through a port in libs/core.',
          })),
          patterns: [
            { group: ['@nestjs/*'], message: 'Pure domain libraries know nothing of Nest.' },
            { group: ['@app/adapters', '@app/adapters/*', '**/adapters/**', '**/apps/**'], message: 'The domain must not depend on adapters or apps.' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the Random port (libs/core).' },
        { object: 'Date', property: 'now', message: 'Use the Clock port (libs/core).' },
        { object: 'crypto', property: 'randomUUID', message: 'Use the Random port (libs/core).' },
        { object: 'performance', property: 'now', message: 'Use the Clock port (libs/core).' },
      ],
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask'].map((name) => ({
          name,
          message: 'Domain code is driven by tick() from the outside; timers live in adapters.',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'Use the Clock port (libs/core).' },
        { selector: "CallExpression[callee.name='randomUUID']", message: 'Use the Random port (libs/core).' },
      ],
    },
  },
);
