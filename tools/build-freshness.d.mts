// Types of build-freshness.mjs (plain JavaScript, so that `npm start` needs no compiler).
export declare const BUILD_INPUTS: readonly string[];
export declare const BUILD_OUTPUTS: readonly string[];
export declare function buildFreshness(root: string): { fresh: true } | { fresh: false; reason: string };
