// NestJS 12 ships ESM only, so the suite runs in Jest's ESM mode
// (NODE_OPTIONS=--experimental-vm-modules, set by the npm scripts).
const tsJest = [
  'ts-jest',
  { useESM: true, tsconfig: { module: 'ESNext', moduleResolution: 'bundler', isolatedModules: true, experimentalDecorators: true, emitDecoratorMetadata: true, strict: true, strictPropertyInitialization: false, useDefineForClassFields: false, esModuleInterop: true, target: 'ES2022' } },
];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  testTimeout: 30000,
};
export default {
  // testTimeout is a global option: inside `projects` Jest ignores it (hooks then time out at 5 s on a loaded machine).
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
