import adapter from "@sveltejs/adapter-node";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: "build" }),
    // The API checks Origin on cookie-authenticated POSTs; the portal's own form actions are checked by Kit.
    csrf: { trustedOrigins: [] },
  },
};

export default config;
