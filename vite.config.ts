import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './tools/precompress-plugin.mjs';

export default defineConfig({
  root: 'src/web',
  // precompress: .br and .gz beside each built file, served as they are (src/server/web-app.ts).
  plugins: [react(), precompress()],
  build: { outDir: '../../dist/web', emptyOutDir: true },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
