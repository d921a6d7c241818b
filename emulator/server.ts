/**
 * Starts an emulator: wires its layers together. The layers, each in emulator/server/: `http.ts`
 * (transport and limits), `router.ts` (the operations table), `pipeline.ts` (route, signature,
 * fault, rate, parse), `transactions.ts` (transactions and journalling), `admin.ts` (the admin
 * API), `s3.ts` (the S3 endpoint), `instance.ts` (what one emulator holds). The handlers are the
 * operation modules (trails.ts, tags.ts, insights.ts, lake/); the state and its persistence are
 * state.ts and persistence/.
 */
import { adminApi } from "./server/admin";
import { listen } from "./server/http";
import { EmulatorInstance } from "./server/instance";
import type { EmulatorOptions, RunningEmulator } from "./server/options";
import { serveApi } from "./server/pipeline";
import { s3Endpoint } from "./server/s3";
import { Transactions } from "./server/transactions";

export type { LoggedRequest } from "./controls";
export type { EmulatorOptions, KnownCredential, RunningEmulator } from "./server/options";

/** Starts the emulator; resolves once it listens. */
export async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = new EmulatorInstance(options);
  const transactions = new Transactions(emulator);
  let origins: readonly string[] = [];
  const listener = await listen(
    {
      host: options.host ?? "127.0.0.1",
      port: options.port ?? 0,
      allowedHosts: options.allowedHosts ?? [],
      maxBodyBytes: emulator.maxBodyBytes,
      adminToken: Boolean(options.adminToken),
    },
    {
      beforeRequest: () => transactions.deliver(),
      s3: s3Endpoint(emulator, transactions),
      admin: adminApi(emulator, () => origins),
      api: (req, res, rawPath, rawQuery, body) =>
        serveApi(emulator, transactions, { req, res, rawPath, rawQuery, body }),
      refused: (status, code, text) =>
        emulator.logRequest({
          operation: "",
          account: emulator.settings.defaultAccount,
          region: "",
          params: "{}",
          outcome: code,
          status,
          response: text,
        }),
    },
  );
  origins = listener.origins;
  return {
    url: listener.url,
    port: listener.port,
    stop: async () => {
      await listener.close();
      await emulator.lakeQueries.close();
    },
  };
}
