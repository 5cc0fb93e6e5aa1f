import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The built UI is served by `lagom serve` and loaded by the desktop shell: no remote content,
// relative asset paths, no source maps with personal data in them (there is none in code).
export default defineConfig({
  plugins: [svelte()],
  base: './',
  // The password meter's dictionaries are one large chunk, loaded only with a screen that
  // shows the meter (the first run, the settings).
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022', chunkSizeWarningLimit: 2000 },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
