import { readFileSync } from "node:fs";
import schemaWasm from "@prisma/prisma-schema-wasm";
import type { Sql } from "@/lib/db/sql";

/*
 * A database's shape as sorted lines, one per enum, column, index and foreign key, so that a
 * difference reads as a diff. `expectedShape` derives it from schema.prisma through Prisma's own
 * schema parser; `actualShape` reads it from PostgreSQL's catalog.
 */
export interface Shape {
  enums: string[];
  columns: string[];
  indexes: string[];
  foreignKeys: string[];
}

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  nativeType: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  algorithm?: string;
  fields: Array<{ name: string; sortOrder?: "asc" | "desc" }>;
}
interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: Array<{ name: string; dbName: string | null; values: Array<{ name: string; dbName: string | null }> }>;
    indexes: DmmfIndex[];
  };
}

export function expectedShape(schemaPath = "prisma/schema.prisma"): Shape {
  const prismaSchema = readFileSync(schemaPath, "utf8");
  const { datamodel } = JSON.parse(schemaWasm.get_dmmf(JSON.stringify({ prismaSchema }))) as Dmmf;
  const enumDbName = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const models = new Map(datamodel.models.map((m) => [m.name, m]));
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`${model.name}.${fieldName} is not a field`);
    return field.dbName ?? field.name;
  };

  const columns = datamodel.models.flatMap((model) =>
    model.fields
      .filter((f) => f.kind === "scalar" || f.kind === "enum")
      .map((f) => {
        const base = f.kind === "enum" ? enumDbName.get(f.type)! : scalarType(f);
        const type = f.isList ? `${base}[]` : base;
        // Prisma leaves scalar-list columns nullable.
        const isNotNull = f.isRequired && !f.isList;
        return columnLine(tableOf(model), columnOf(model, f.name), type, isNotNull, f.hasDefaultValue);
      }),
  );

  const indexes = datamodel.indexes.map((index) => {
    const model = models.get(index.model)!;
    const kind = index.type === "id" ? "primary" : index.type === "unique" ? "unique" : "index";
    const method = (index.algorithm ?? "BTree").toLowerCase();
    const keys = index.fields.map((f) => columnOf(model, f.name) + (f.sortOrder === "desc" ? " desc" : ""));
    return indexLine(tableOf(model), kind, method, keys);
  });

  const foreignKeys = datamodel.models.flatMap((model) =>
    model.fields
      .filter((f) => f.kind === "object" && f.relationFromFields && f.relationFromFields.length > 0)
      .map((f) => {
        const target = models.get(f.type)!;
        return foreignKeyLine(
          tableOf(model),
          f.relationFromFields!.map((name) => columnOf(model, name)),
          tableOf(target),
          f.relationToFields!.map((name) => columnOf(target, name)),
          (f.relationOnDelete ?? (f.isRequired ? "Restrict" : "SetNull")).toLowerCase(),
        );
      }),
  );

  const enums = datamodel.enums.map((e) => `enum ${e.dbName ?? e.name} (${e.values.map((v) => v.dbName ?? v.name).join(", ")})`);
  return sorted({ enums, columns, indexes, foreignKeys });
}

function scalarType(field: DmmfField): string {
  const [native, args = []] = field.nativeType ?? [];
  if (native) {
    const name = { Uuid: "uuid", SmallInt: "smallint", Timestamptz: "timestamptz", Text: "text", VarChar: "varchar" }[native];
    if (!name) throw new Error(`no mapping for native type @db.${native}`);
    return args.length > 0 ? `${name}(${args.join(",")})` : name;
  }
  const byType: Record<string, string> = {
    String: "text",
    Int: "integer",
    BigInt: "bigint",
    Boolean: "boolean",
    DateTime: "timestamp(3)",
    Json: "jsonb",
    Bytes: "bytea",
    Float: "double precision",
  };
  const type = byType[field.type];
  if (!type) throw new Error(`no mapping for Prisma type ${field.type}`);
  return type;
}

export async function actualShape(sql: Sql): Promise<Shape> {
  const enumRows = await sql<{ name: string; labels: string[] }[]>`
    SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' GROUP BY t.typname`;
  const columnRows = await sql<{ table: string; column: string; type: string; notNull: boolean; hasDefault: boolean }[]>`
    SELECT c.relname AS table, a.attname AS column,
      format_type(a.atttypid, a.atttypmod) AS type,
      a.attnotnull AS "notNull", (a.atthasdef OR a.attidentity <> '') AS "hasDefault"
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
      AND a.attnum > 0 AND NOT a.attisdropped`;
  const indexRows = await sql<{ table: string; isPrimary: boolean; isUnique: boolean; method: string; keys: string[] }[]>`
    SELECT t.relname AS table, i.indisprimary AS "isPrimary", i.indisunique AS "isUnique", am.amname AS method,
      array(
        SELECT a.attname || CASE WHEN i.indoption[k.ord - 1] & 1 = 1 THEN ' desc' ELSE '' END
        FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        ORDER BY k.ord
      ) AS keys
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ix ON ix.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ix.relam JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`;
  const foreignKeyRows = await sql<{ table: string; columns: string[]; target: string; targetColumns: string[]; onDelete: string }[]>`
    SELECT t.relname AS table, r.relname AS target,
      array(SELECT attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = c.conrelid AND attnum = k.n ORDER BY k.o) AS columns,
      array(SELECT attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = c.confrelid AND attnum = k.n ORDER BY k.o) AS "targetColumns",
      c.confdeltype AS "onDelete"
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE c.contype = 'f' AND n.nspname = 'public'`;
  const onDelete: Record<string, string> = { a: "noaction", r: "restrict", c: "cascade", n: "setnull", d: "setdefault" };

  return sorted({
    enums: enumRows.map((e) => `enum ${e.name} (${e.labels.join(", ")})`),
    columns: columnRows.map((c) => columnLine(c.table, c.column, pgTypeName(c.type), c.notNull, c.hasDefault)),
    indexes: indexRows.map((i) => indexLine(i.table, i.isPrimary ? "primary" : i.isUnique ? "unique" : "index", i.method, i.keys)),
    foreignKeys: foreignKeyRows.map((f) => foreignKeyLine(f.table, f.columns, f.target, f.targetColumns, onDelete[f.onDelete] ?? f.onDelete)),
  });
}

/** format_type's spelling, in the short names the expected shape uses. */
function pgTypeName(type: string): string {
  return type
    .replace(/^timestamp(\(\d\))? with time zone$/, "timestamptz$1")
    .replace(/^timestamp(\(\d\))? without time zone$/, "timestamp$1")
    .replace(/^character varying/, "varchar");
}

function columnLine(table: string, column: string, type: string, isNotNull: boolean, hasDefault: boolean): string {
  return `column ${table}.${column} ${type}${isNotNull ? " not null" : ""}${hasDefault ? " default" : ""}`;
}

function indexLine(table: string, kind: string, method: string, keys: string[]): string {
  return `${kind} ${table} using ${method} (${keys.join(", ")})`;
}

function foreignKeyLine(table: string, columns: string[], target: string, targetColumns: string[], onDelete: string): string {
  return `foreign key ${table}(${columns.join(", ")}) -> ${target}(${targetColumns.join(", ")}) on delete ${onDelete}`;
}

function sorted(shape: Shape): Shape {
  return {
    enums: [...shape.enums].sort(),
    columns: [...shape.columns].sort(),
    indexes: [...shape.indexes].sort(),
    foreignKeys: [...shape.foreignKeys].sort(),
  };
}
