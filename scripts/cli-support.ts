// Shared CLI behaviour: data problems and usage mistakes print one clear line, never a stack trace.

import { DataError } from "../loaders/sources/problems.js";

export class UsageError extends Error {}

export const usageError = (message: string) => new UsageError(message);

export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof DataError || error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
      return;
    }
    throw error;
  }
}
