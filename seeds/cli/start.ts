// `npm start`: the API's start-up (database, migrations, API, portal) with the seeds injected, so that the
// api package never imports seeds (seeds → api, one way).
import { main } from "@zhongshi/api/start";
import type { Db } from "@zhongshi/api/db";
import { demoAccounts, seed } from "../index.ts";

const seedIfEmpty = async (db: Db) => ((await db.facility.count()) === 0 ? seed(db) : null);

void main({ seedIfEmpty, demoAccounts });
