import { sveltekit } from "@sveltejs/kit/vite";
import { paraglideVitePlugin } from "@inlang/paraglide-js";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [
    paraglideVitePlugin({
      project: "./project.inlang",
      outdir: "./src/lib/paraglide",
      strategy: ["cookie", "baseLocale"],
      cookieName: "zs_locale",
      // "message-modules" (the default) is kept on purpose: "locale-modules" cuts the build's 1,450 modules to
      // 460 and about 6 s of CPU, but every page then loads every message of both locales (+37 kB gzipped on
      // the light pages, measured with `pnpm bench:portal-js` on 2026-12-03).
    }),
    sveltekit(),
  ],
  // gzip-sizing every chunk only prints figures; it costs seconds of a cold `npm start`.
  build: { reportCompressedSize: false },
  server: { proxy: { "/api": process.env.API_ORIGIN ?? "http://127.0.0.1:3100" } },
});
