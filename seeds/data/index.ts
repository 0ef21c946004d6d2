export * from "./types.ts";
export { facilities } from "./facilities.ts";
export { resources } from "./resources.ts";
export { certificationBodies } from "./certification-bodies.ts";
export { calendarDays } from "./holidays.ts";
export { demoAccounts, demoOrganizations } from "./demo-accounts.ts";
export { accreditationScopes, testServices, bodyStaffAccounts } from "./test-services.ts";
