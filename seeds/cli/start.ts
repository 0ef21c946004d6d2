// `npm start`: the API's start-up (database, migrations, API, portal) with the seeds injected, so that the
// api package never imports seeds (seeds → api, one way).
import { main } from "@zhongshi/api/start";
import { demoAccounts, seed, seedDemo } from "../index.ts";

void main({ seeds: { seed, seedDemo, demoAccounts } });
