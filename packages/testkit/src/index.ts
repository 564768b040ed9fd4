export { createTestOutbound } from "./create-test-outbound.js";
export type {
  CapturedMail,
  InboundOutcome,
  TestOutbound,
  TestOutboundOptions,
  TestWorkspace,
} from "./types.js";
