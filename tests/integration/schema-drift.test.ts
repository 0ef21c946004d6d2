import { afterAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { readFileSync } from "node:fs";
import internals from "@prisma/internals";

const schemaPath = new URL("../../prisma/schema.prisma", import.meta.url);

// Prisma scalar types and the PostgreSQL types the hand-written migrations must give them.
const expectedUdt = (field: { type: string; kind: string; nativeType?: unknown }) => {
  if (field.kind === "enum") return field.type;
  const native = Array.isArray(field.nativeType) ? field.nativeType[0] : undefined;
  if (native === "Uuid") return "uuid";
  if (native === "Date") return "date";
  if (native === "Timestamptz") return "timestamptz";
  return (
    {
      String: "text",
      Int: "int4",
      BigInt: "int8",
      Boolean: "bool",
      Json: "jsonb",
      DateTime: "timestamp",
      Float: "float8",
      Bytes: "bytea",
    } as Record<string, string>
  )[field.type];
};

describe("schema drift: schema.prisma against the migrated database", () => {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  afterAll(() => client.end());

  it("has every model's table and every field's column, with matching type and nullability", async () => {
    await client.connect();
    const { rows } = await client.query<{
      table_name: string;
      column_name: string;
      udt_name: string;
      is_nullable: string;
      data_type: string;
    }>(
      `SELECT table_name, column_name, udt_name, is_nullable, data_type FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const columns = new Map(rows.map((row) => [`${row.table_name}.${row.column_name}`, row]));
    const dmmf = await internals.getDMMF({ datamodel: readFileSync(schemaPath, "utf8") });
    const models = dmmf.datamodel.models;
    expect(models.length).toBeGreaterThanOrEqual(20);
    const problems: string[] = [];
    let checked = 0;
    for (const model of models) {
      const table = model.dbName ?? model.name;
      for (const field of model.fields) {
        if (field.kind === "object") continue;
        const column = columns.get(`${table}.${field.dbName ?? field.name}`);
        if (!column) {
          problems.push(`${model.name}.${field.name}: no column ${table}.${field.dbName ?? field.name}`);
          continue;
        }
        checked++;
        const udt = field.isList ? `_${expectedUdt(field)}` : expectedUdt(field);
        if (udt !== column.udt_name)
          problems.push(`${model.name}.${field.name}: type ${column.udt_name}, schema says ${udt}`);
        const nullable = column.is_nullable === "YES";
        if (nullable !== !field.isRequired && !field.isList) {
          problems.push(`${model.name}.${field.name}: nullable=${nullable}, schema says required=${field.isRequired}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it("keeps the Unsupported range column the DMMF does not list", async () => {
    const { rows } = await client.query(
      `SELECT udt_name, is_generated FROM information_schema.columns WHERE table_name = 'booking' AND column_name = 'blocked'`,
    );
    expect(rows).toEqual([{ udt_name: "tstzrange", is_generated: "ALWAYS" }]);
  });
});
