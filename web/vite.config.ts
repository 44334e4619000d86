import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The built app is served from the site root (`/`), but every asset URL is
// emitted relative (`./assets/...`) so dist/ also works from a sub-path or a
// plain static file server.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    // Local dev: the backend serves /api on :8000.
    proxy: {
      '/api': 'http://127.0.0.1:8000',
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
