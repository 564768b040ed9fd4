import { startDnsServer, type TestDnsServer } from "@outbound/testing/dns-server";
import { type SmtpSink, startSmtpSink } from "@outbound/testing/smtp-sink";
import { afterAll, beforeAll } from "vitest";
import { SINK_PASSWORD, SINK_USER } from "./fixture.js";

/** The protocol peers of an engine test file: a DNS server and an SMTP sink on loopback. */
export function usePeers(): { readonly dns: TestDnsServer; readonly sink: SmtpSink } {
  let dns: TestDnsServer | undefined;
  let sink: SmtpSink | undefined;
  beforeAll(async () => {
    dns = await startDnsServer();
    sink = await startSmtpSink({ users: { [SINK_USER]: SINK_PASSWORD } });
  });
  afterAll(async () => {
    await sink?.close();
    await dns?.close();
  });
  return {
    get dns() {
      if (!dns) throw new Error("peers not started");
      return dns;
    },
    get sink() {
      if (!sink) throw new Error("peers not started");
      return sink;
    },
  };
}
