/** Jest runs TypeScript through SWC (fast); `npm run typecheck` does the type checking. */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  // content-disposition 3 (via @fastify/static 10, which Swagger UI needs) ships ESM only:
  // let SWC turn it into CommonJS like our own code, so apps boot under jest unmocked.
  transform: { '^.+\\.ts$': ['@swc/jest', swc], '/node_modules/content-disposition/.+\\.js$': ['@swc/jest', swc] },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: [
    '<rootDir>/libs/**/*.spec.ts',
    '<rootDir>/apps/**/*.spec.ts',
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/test/**/*.spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
    '<rootDir>/test/**/*.sim-spec.ts',
    '<rootDir>/bench/**/*.spec.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/data/'],
  moduleNameMapper: {
    '^@app/adapters/(.*)$': '<rootDir>/libs/adapters/$1',
    '^@app/([a-z]+)$': '<rootDir>/libs/$1/src',
    '^@app/([a-z]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 30000,
};
