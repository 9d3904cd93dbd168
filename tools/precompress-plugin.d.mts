// Types of precompress-plugin.mjs (plain JavaScript, so vite.config.ts can import it with its extension).
import type { Plugin } from 'vite';

export declare const MIN_COMPRESS_BYTES: number;
export declare function precompressFolder(folder: string): Promise<string[]>;
export declare function precompress(): Plugin;
