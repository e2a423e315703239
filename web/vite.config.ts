// Vite build of the web app: root web/, output web/dist, served by `mlsa serve` at `/`.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The polyfill is a script for old browsers; every browser we support has modulepreload.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
    // The lazily loaded chart chunk (ECharts core, three chart types, SVG renderer) is ~570 kB raw.
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: {
        // One named chunk for ECharts + zrender, shared by the results and trends pages.
        manualChunks: (id: string) => (/node_modules\/(echarts|zrender)\//.test(id) ? "echarts" : undefined),
      },
    },
  },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
