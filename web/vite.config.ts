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
    }),
    sveltekit(),
  ],
  // gzip-sizing every chunk only prints figures; it costs seconds of a cold `npm start`.
  build: { reportCompressedSize: false },
  server: { proxy: { "/api": process.env.API_ORIGIN ?? "http://127.0.0.1:3100" } },
});
