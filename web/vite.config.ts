// Builds the browser app into web/dist, which the server serves (server/http/web-static.ts).
// `npm run dev:web` serves it with hot reload and forwards /api to a sandbox on port 3000.
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    // Heavy pages are lazy chunks; the entry stays small.
    chunkSizeWarningLimit: 400,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
