export * from './types';
export * from './progress';
export * from './expected';
export * from './status';
export * from './rollup';
export * from './metrics';
export * from './insight';
export { FORECAST_MAX_WINDOW_DAYS, FORECAST_MIN_WINDOW_DAYS } from './insight-forecast';
