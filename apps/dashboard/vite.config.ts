import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** Served by the API server under /app; in dev, Vite proxies the API to a running server. */
export default defineConfig({
  base: "/app/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  server: {
    port: Number(process.env.DASHBOARD_PORT ?? 5173),
    proxy: { "/trpc": process.env.OUTBOUND_API_URL ?? "http://127.0.0.1:3000" },
  },
});
