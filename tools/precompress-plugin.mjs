/**
 * Vite plugin: after `vite build` writes dist/web, every text file worth compressing gets a brotli
 * (`.br`) and a gzip (`.gz`) sibling, compressed once at the highest levels, so the server sends
 * them as they are (@fastify/static `preCompressed`, see src/server/web-app.ts) instead of
 * compressing on every request or sending 900 KB uncompressed.
 *
 * index.html is left alone: the server rewrites it per response (the CSP nonce), so a stored
 * compressed copy could never be sent.
 *
 * Plain JavaScript (types in precompress-plugin.d.mts) so that vite.config.ts imports it with its
 * file extension, as Vite's native config loader requires.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const COMPRESSIBLE = /\.(?:js|mjs|css|svg|json|txt|map|webmanifest|wasm)$/;
/** Below this the headers outweigh the saving, and a tiny gzip can be larger than its input. */
export const MIN_COMPRESS_BYTES = 1024;

/** @param {string} folder @returns {Promise<string[]>} */
async function filesUnder(folder) {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Writes `<file>.br` and `<file>.gz` beside each compressible file of `folder`; returns the files compressed.
 * @param {string} folder
 * @returns {Promise<string[]>}
 */
export async function precompressFolder(folder) {
  const files = (await filesUnder(folder)).filter((file) => COMPRESSIBLE.test(file) && path.basename(file) !== 'index.html');
  /** @type {string[]} */
  const compressed = [];
  for (const file of files) {
    const content = await readFile(file);
    if (content.length < MIN_COMPRESS_BYTES) continue;
    const [br, gz] = await Promise.all([
      brotli(content, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      }),
      gzipAsync(content, { level: constants.Z_BEST_COMPRESSION }),
    ]);
    // A compressed copy that saves nothing is not worth a second file to serve.
    if (br.length < content.length) await writeFile(`${file}.br`, br);
    if (gz.length < content.length) await writeFile(`${file}.gz`, gz);
    compressed.push(file);
  }
  return compressed;
}

/** @returns {import('vite').Plugin} */
export function precompress() {
  let outDir = '';
  return {
    name: 'pacer-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      await precompressFolder(outDir);
    },
  };
}
