import { numeric, timestamp, uuid } from "drizzle-orm/pg-core";
import { uuidv7 } from "uuidv7";

/** Time-ordered primary key: ids sort by creation, so keyset pagination by id follows insert order. */
export const idColumn = () =>
  uuid()
    .notNull()
    .$defaultFn(() => uuidv7());

export const newId = (): string => uuidv7();

/** `timestamptz` in JS `Date` mode; every timestamp of the schema uses it. */
export const tz = () => timestamp({ withTimezone: true, mode: "date" });

export const created = () => tz().notNull().defaultNow();

/** `updated` moves on every write made through Drizzle; optimistic concurrency compares it. */
export const updated = () =>
  tz()
    .notNull()
    .defaultNow()
    .$onUpdateFn(() => new Date());

export const timestamps = {
  created: created(),
  updated: updated(),
};

/** The owning tenant; every tenant-owned table leads its primary key with it. */
export const tenantIdColumn = () => uuid().notNull();

/** Exact decimal money, read and written as a string so no float ever touches it. */
export const money = () => numeric({ precision: 12, scale: 2, mode: "string" });
