import { useQuery } from "@tanstack/react-query";
import { Empty, ErrorBanner, Loading } from "../../components/feedback.js";
import { formatDate } from "../../lib/format.js";
import { useTRPC } from "../../lib/trpc.js";

/** Sending servers and their IPs with reputation: the pool's health at a glance. */
export function IpPoolView() {
  const trpc = useTRPC();
  const vps = useQuery(trpc.admin.vps.list.queryOptions({ limit: 200 }));
  const ips = useQuery(trpc.admin.smtpIps.list.queryOptions({ limit: 200 }));
  return (
    <section>
      <h1>IP pool</h1>
      <div className="card">
        <h2>Servers</h2>
        {vps.isPending ? (
          <Loading />
        ) : vps.error ? (
          <ErrorBanner error={vps.error} />
        ) : vps.data.items.length === 0 ? (
          <Empty>No servers.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Instance</th>
                <th>Address</th>
                <th>Region</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {vps.data.items.map((v) => (
                <tr key={v.id}>
                  <td>{v.hostwindsInstanceId}</td>
                  <td className="mono">{v.ipAddress}</td>
                  <td>{v.region}</td>
                  <td>{v.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="card">
        <h2>Sending IPs</h2>
        {ips.isPending ? (
          <Loading />
        ) : ips.error ? (
          <ErrorBanner error={ips.error} />
        ) : ips.data.items.length === 0 ? (
          <Empty>No sending IPs.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>IP</th>
                <th>Status</th>
                <th>Reputation</th>
                <th>Last checked</th>
              </tr>
            </thead>
            <tbody>
              {ips.data.items.map((ip) => (
                <tr key={ip.id}>
                  <td className="mono">{ip.ipAddress}</td>
                  <td>{ip.status}</td>
                  <td>
                    <span className={`badge ${ip.reputationState}`}>{ip.reputationState}</span>
                  </td>
                  <td>{formatDate(ip.lastReputationCheck)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
