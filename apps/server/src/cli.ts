import { parseArgs } from "node:util";
import { createStaffUser, DomainError, type StaffUserResult } from "@outbound/api";
import { createDatabase } from "@outbound/db";
import { seedReferenceData } from "@outbound/db/seed";
import { loadEnv } from "./env.js";

const USAGE = `Usage: pnpm --filter @outbound/server cli <command> [options]

Commands:
  staff:create --email <email> --role <role> [--name <name>] [--password <password>]
      Makes the user a staff member with the role (superadmin, support, ops, finance or one
      created later), creating the user when missing; run again to change the role. Without
      --password a new user gets a generated password, printed once.

Uses the server's database settings: DATABASE_URL, or the embedded database at DATA_DIR
(stop the server first: the embedded database serves one process at a time).
`;

class UsageError extends Error {}

function parseStaffCreate(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      password: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.email || !values.role) throw new UsageError("staff:create needs --email and --role");
  return { email: values.email, name: values.name, role: values.role, password: values.password };
}

function report(result: StaffUserResult): string {
  const lines = [
    result.userCreated
      ? `Created user ${result.email} (${result.userId}).`
      : `Found user ${result.email} (${result.userId}).`,
    result.previousRole === null
      ? `Made them staff with role ${result.role}.`
      : result.previousRole === result.role
        ? `They already are staff with role ${result.role}; nothing changed.`
        : `Changed their staff role from ${result.previousRole} to ${result.role}.`,
  ];
  if (result.staffTenantId) {
    lines.push(`Created tenant "Outbound Staff" (${result.staffTenantId}) so they can sign in; they own it.`);
  }
  if (result.passwordIgnored) lines.push("The user already exists: their password was left unchanged.");
  if (result.generatedPassword) {
    lines.push(`Password (shown only now, store it safely): ${result.generatedPassword}`);
  }
  return `${lines.join("\n")}\n`;
}

async function staffCreate(args: string[]): Promise<void> {
  const input = parseStaffCreate(args);
  const env = loadEnv();
  const database = await createDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await seedReferenceData(database.db);
    process.stdout.write(report(await createStaffUser(database.db, input)));
  } finally {
    await database.close();
  }
}

const commands: Record<string, (args: string[]) => Promise<void>> = { "staff:create": staffCreate };

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  try {
    if (!command) throw new UsageError(name ? `Unknown command ${name}` : "No command given");
    await command(args);
    return 0;
  } catch (error) {
    // parseArgs reports unknown or malformed options as TypeErrors with an ERR_PARSE_ARGS_* code.
    const badOption =
      error instanceof TypeError && String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS");
    if (error instanceof UsageError || badOption) {
      process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof DomainError) {
      const fields = Object.entries(error.details.fieldErrors ?? {}).map(([f, m]) => `  ${f}: ${m.join(", ")}\n`);
      process.stderr.write(`${error.message}\n${fields.join("")}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
