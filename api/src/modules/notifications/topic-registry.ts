// Every module that defines notification topics or topic effects, loaded once by the delivery code.
// A new area adds one import line here (its file calls `defineTopic`).
import "./booking-topics.ts";
import "../waitlist/waitlist.service.ts";
import "../accounts/account-topics.ts";
