export * from './types';
export * from './progress';
export * from './expected';
export * from './status';
export * from './rollup';
export * from './metrics';
