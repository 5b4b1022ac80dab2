import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver, VantResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig } from 'vite';

// Components (and their CSS) are imported on demand, so the phone pages never load Element Plus.
// Target: old in-app browsers (企业微信 / 钉钉 on older phones: Chrome 69, iOS 12).
// The app is always built as a production bundle, whatever NODE_ENV the shell has: under `npm test`
// NODE_ENV=test, and libraries that read process.env.NODE_ENV at build time change behaviour then
// (Vant's useId returns the bare component name, so every van-field gets the same input id).
export default defineConfig(({ command }) => ({
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
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
}));
