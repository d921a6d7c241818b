// Measures validateLogs' throughput: log files validated per second against files the emulator
// delivered (a trail logging 12 five-minute windows an hour for HOURS hours), read through its S3
// endpoint over HTTP, at one log file at a time and at the default concurrency. Asserts nothing.
import { CreateTrailCommand, GetTrailStatusCommand, StartLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { EmulatorAdmin, start } from "../emulator";
import { createCloudTrailClient } from "../provider/client";
import { validateLogs } from "../sdk/validate-logs";

const HOURS = 12;
const credentials = { accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret" };

async function main(): Promise<void> {
  const emulator = await start({ rateScale: 0 });
  try {
    const admin = new EmulatorAdmin(emulator.url);
    await admin.register({ s3Buckets: ["bench-logs"] });
    const ct = createCloudTrailClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials,
      maxAttempts: 1,
    });
    const startTime = await admin.advanceClock(0);
    const { TrailARN } = await ct.send(
      new CreateTrailCommand({ Name: "bench", S3BucketName: "bench-logs", EnableLogFileValidation: true }),
    );
    await ct.send(new StartLoggingCommand({ Name: "bench" }));
    for (let window = 0; window < HOURS * 12; window++) {
      for (let call = 0; call < 5; call++) await ct.send(new GetTrailStatusCommand({ Name: "bench" }));
      await admin.advanceClock(300);
    }
    const endTime = await admin.advanceClock(3600);
    const options = {
      startTime,
      endTime,
      endpoint: emulator.url,
      region: "us-east-1",
      credentials,
      maxAttempts: 1,
    };
    for (const concurrency of [1, 8]) {
      const t0 = process.hrtime.bigint();
      const result = await validateLogs(TrailARN!, { ...options, concurrency });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const logs = result.logFiles.valid;
      console.log(
        `validateLogs, concurrency ${concurrency}: ${result.digestFiles.valid} digests and ${logs} log files ` +
          `(all valid: ${result.valid}) in ${seconds.toFixed(2)} s: ${(logs / seconds).toFixed(0)} log files/s`,
      );
    }
  } finally {
    await emulator.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
