import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actualShape, expectedShape } from "@/test/helpers/database-shape";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

describe("the migrated database matches schema.prisma", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it("has the enums, columns, indexes and foreign keys the schema declares, and nothing else", async () => {
    const expected = expectedShape();
    const actual = await actualShape(database.sql);
    expect(actual.enums).toEqual(expected.enums);
    expect(actual.columns).toEqual(expected.columns);
    expect(actual.indexes).toEqual(expected.indexes);
    expect(actual.foreignKeys).toEqual(expected.foreignKeys);
  });

  it("notices drift: a changed type, nullability, index or foreign key", async () => {
    await database.sql.unsafe(`
      ALTER TABLE alerts ALTER COLUMN hostname DROP NOT NULL;
      ALTER TABLE clusters ALTER COLUMN name TYPE varchar(50);
      DROP INDEX alerts_pod_name_idx;
      ALTER TABLE alerts DROP CONSTRAINT alerts_tenant_id_fkey;
      ALTER TYPE priority ADD VALUE 'fatal'`);
    const expected = expectedShape();
    const actual = await actualShape(database.sql);
    expect(actual.columns).toContain("column alerts.hostname text");
    expect(expected.columns).toContain("column alerts.hostname text not null");
    expect(actual.columns).toContain("column clusters.name varchar(50) not null");
    expect(expected.indexes.filter((i) => !actual.indexes.includes(i))).toEqual(["index alerts using btree (pod_name)"]);
    expect(expected.foreignKeys.filter((f) => !actual.foreignKeys.includes(f))).toHaveLength(1);
    expect(actual.enums).not.toEqual(expected.enums);
  });
});
