import type { AppRouter } from "@outbound/api";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

/** The API's own input and output types, so the views name them instead of restating them. */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
