import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Government desktops often run older Chromium-based browsers (360, QQ): target Chrome 87+ rather than Vite's default 111+.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: process.env.WEB_OUT_DIR ?? fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: ['chrome87', 'edge88', 'firefox78', 'safari14'],
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
    // Fewer round trips on a cold load: the app's shared pieces in one chunk, the charts in one (only the
    // pages that draw load it). Element Plus stays split by component: one chunk of all of it (590 KB) cost
    // more to parse on every page than the requests it saved (measured, docs/web.md).
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'charts', test: /node_modules[\\/](echarts|zrender|vue-echarts)[\\/]/, priority: 20 },
            // the app's own shared pieces (client, badges, error alert, region picker) in one chunk too
            { name: 'common', test: /apps[\\/]web[\\/]src[\\/](api|components|locales)[\\/]/, priority: 5 },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
