import { TRPCError } from "@trpc/server";

/** The error of class `type` the call fails with; throws if it succeeds, rethrows any other error. */
export async function failureOfType<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** The TRPCError the call fails with; throws if it succeeds, rethrows any other error. */
export function trpcFailure(promise: Promise<unknown>): Promise<TRPCError> {
  return failureOfType(promise, TRPCError);
}

/** The code of the TRPCError the call fails with, e.g. "NOT_FOUND" (see `trpcFailure`). */
export async function trpcCode(promise: Promise<unknown>): Promise<TRPCError["code"]> {
  return (await trpcFailure(promise)).code;
}
