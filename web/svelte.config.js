import adapter from "@sveltejs/adapter-node";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: "build" }),
    // The API checks Origin on cookie-authenticated POSTs; the portal's own form actions are checked by Kit.
    csrf: { trustedOrigins: [] },
    // Scripts only from the portal itself; Kit adds a nonce (rendered pages) or hash (prerendered) to its own
    // inline start-up script. Inline styles stay allowed: components and the calendar set style
    // attributes, which hashes cannot cover.
    csp: {
      mode: "auto",
      directives: {
        "default-src": ["self"],
        "script-src": ["self"],
        "style-src": ["self", "unsafe-inline"],
        "img-src": ["self", "data:", "blob:"],
        "font-src": ["self", "data:"],
        "connect-src": ["self"],
        "worker-src": ["self", "blob:"],
        "object-src": ["none"],
        "base-uri": ["self"],
        "form-action": ["self"],
        "frame-ancestors": ["none"],
      },
    },
  },
};

export default config;
