export { composeMessage, singleLine } from "./compose.js";
export type { EngineDeps } from "./deps.js";
export { nextRetryAt, RETRY_DELAYS_MINUTES, RETRY_HORIZON_MS } from "./retry.js";
export { isWindowOpen, nextWindowOpening } from "./sending-window.js";
export { classifySmtpError, SmtpTransport, type SmtpTransportOptions } from "./smtp-transport.js";
export type { MailTransport, OutgoingMail, SendOutcome } from "./transport.js";
export { dailyAllowance, WARMUP_START, WARMUP_STEP } from "./warmup.js";
export { type CycleReport, EngineWorker, type WorkerOptions } from "./worker.js";
