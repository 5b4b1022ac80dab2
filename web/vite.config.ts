import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver, VantResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig } from 'vite';

// Components (and their CSS) are imported on demand, so the phone pages never load Element Plus.
// Target: old in-app browsers (企业微信 / 钉钉 on older phones: Chrome 69, iOS 12).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [
    vue(),
    Components({
      dts: false,
      resolvers: [VantResolver({ importStyle: true }), ElementPlusResolver({ importStyle: 'css' })],
    }),
  ],
  build: {
    outDir: fileURLToPath(new URL('../dist/public', import.meta.url)),
    emptyOutDir: true,
    target: ['chrome69', 'safari12'],
    cssTarget: ['chrome69', 'safari12'],
    reportCompressedSize: false,
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
