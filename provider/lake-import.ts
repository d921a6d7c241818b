import {
  GetImportCommand,
  ListImportFailuresCommand,
  ListImportsCommand,
  StartImportCommand,
  StopImportCommand,
  type GetImportCommandOutput,
  type StartImportCommandOutput,
  type ImportStatus,
} from "@aws-sdk/client-cloudtrail";
import type * as pulumi from "@pulumi/pulumi";
import { cloudTrail, configureFromStack } from "./config";
import { describeError, errorName, unlessGone } from "./aws";
import { changedInputs, inputsCheck, replacingInputs, type ReplacedBy } from "./resource";
import type { LakeImportInputs } from "../sdk/inputs";
import type { LakeImportFailure, LakeImportStatistics } from "../sdk/lake-import";

/** What an import reports (sdk/lake-import.ts's outputs): its status, statistics and first failures. */
interface ImportOutputs {
  importId: string;
  importStatus?: ImportStatus;
  statistics: LakeImportStatistics;
  failures: LakeImportFailure[];
  /** ISO 8601. */
  createdTimestamp?: string;
}

/** A LakeImport's state: its inputs and what the import reports. */
export interface LakeImportState extends LakeImportInputs, ImportOutputs {}

/** Inputs whose change replaces the import: a new source or destination is a new import (IMP-1, IMP-2). */
export const replacedBy: ReplacedBy = {
  destinations: "",
  importSource: "",
  startEventTime: "",
  endEventTime: "",
};
/** Every input; those of `replacedBy` replace the import. */
const INPUTS: (keyof LakeImportInputs)[] = [
  "destinations",
  "importSource",
  "startEventTime",
  "endEventTime",
  "waitForCompletion",
  "retry",
];
/** Inputs that update in place: `retry` restarts a FAILED or STOPPED import. */
const UPDATABLE: (keyof LakeImportInputs)[] = ["waitForCompletion", "retry"];
/** Failures kept in state: the first ones, to say what went wrong without copying a long list. */
const FAILURES_KEPT = 10;
const RUNNING: ImportStatus[] = ["INITIALIZING", "IN_PROGRESS"];
const POLL_FIRST_MS = 1000;
const POLL_MAX_MS = 30_000;

/**
 * The dynamic provider of a CloudTrail Lake import (seed 001). The id is the ImportId. Create
 * starts the import; read refreshes its status, statistics and first failures; an update that
 * raises `retry` starts a FAILED or STOPPED import again in place; delete stops a running import
 * and otherwise only forgets it (imports cannot be deleted).
 */
export const lakeImportProvider: pulumi.dynamic.ResourceProvider = {
  configure: configureFromStack,

  check: inputsCheck("LakeImport"),

  async diff(_id: string, olds: LakeImportState, news: LakeImportInputs) {
    const replaces = replacingInputs(replacedBy, changedInputs(olds, news, INPUTS));
    const changed = changedInputs(olds, news, UPDATABLE);
    return { changes: replaces.length + changed.length > 0, replaces, deleteBeforeReplace: true };
  },

  async create(inputs: LakeImportInputs) {
    let started: StartImportCommandOutput;
    try {
      started = await cloudTrail().send(
        new StartImportCommand({
          Destinations: inputs.destinations,
          ImportSource: toApiSource(inputs.importSource),
          StartEventTime: dateOf(inputs.startEventTime),
          EndEventTime: dateOf(inputs.endEventTime),
        }),
      );
    } catch (err) {
      throw await startError(err);
    }
    return { id: started.ImportId!, outs: await afterStart(started, inputs) };
  },

  async read(id: string, props: LakeImportState) {
    const found = await findImport(id);
    if (!found) return { id: "", props: {} };
    return { id, props: { ...props, ...(await importProps(found)) } };
  },

  async update(id: string, olds: LakeImportState, news: LakeImportInputs) {
    if ((news.retry ?? 0) !== (olds.retry ?? 0)) {
      const found = await findImport(id);
      const status = found?.ImportStatus;
      if (status !== "FAILED" && status !== "STOPPED")
        throw new Error(
          `retrying import ${id}: it is ${status ?? "gone"}; only a FAILED or STOPPED import can be retried (IMP-4)`,
        );
      let restarted: StartImportCommandOutput;
      try {
        restarted = await cloudTrail().send(new StartImportCommand({ ImportId: id }));
      } catch (err) {
        throw await startError(err);
      }
      return { outs: await afterStart(restarted, news) };
    }
    return { outs: await settle(id, news) };
  },

  async delete(id: string) {
    const found = await findImport(id);
    if (!found || !RUNNING.includes(found.ImportStatus!)) return;
    await unlessGone(`StopImport of ${id}`, ["ImportNotFoundException"], () =>
      cloudTrail().send(new StopImportCommand({ ImportId: id })),
    );
  },
};

/**
 * After StartImport (a new import, or a retry): its answer holds the status, so nothing is read
 * back unless the resource waits for the end (waitForCompletion).
 */
async function afterStart(
  started: StartImportCommandOutput,
  inputs: LakeImportInputs,
): Promise<LakeImportState> {
  if (inputs.waitForCompletion === true) return settle(started.ImportId!, inputs);
  return { ...inputs, ...(await importProps(started)) };
}

/** Waits for the end when asked (waitForCompletion), then reads back. */
async function settle(importId: string, inputs: LakeImportInputs): Promise<LakeImportState> {
  let found = await findImport(importId);
  let delay = POLL_FIRST_MS;
  while (inputs.waitForCompletion === true && found && RUNNING.includes(found.ImportStatus!)) {
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, POLL_MAX_MS);
    found = await findImport(importId);
  }
  if (!found) throw new Error(`import ${importId} disappeared right after StartImport`);
  return { ...inputs, ...(await importProps(found)) };
}

/** GetImport; undefined when the import is gone (ImportNotFoundException). */
async function findImport(id: string): Promise<GetImportCommandOutput | undefined> {
  try {
    return await cloudTrail().send(new GetImportCommand({ ImportId: id }));
  } catch (err) {
    if (errorName(err) === "ImportNotFoundException") return undefined;
    throw describeError(`GetImport of ${id}`, err);
  }
}

/** The outputs: status, statistics (IMP-4) and the first failures (ListImportFailures). */
async function importProps(found: GetImportCommandOutput | StartImportCommandOutput): Promise<ImportOutputs> {
  // A just-started import has no statistics yet (StartImport has none): zeros.
  const s = ("ImportStatistics" in found ? found.ImportStatistics : undefined) ?? {};
  const failures =
    (s.FailedEntries ?? 0) > 0
      ? ((
          await cloudTrail().send(
            new ListImportFailuresCommand({ ImportId: found.ImportId, MaxResults: FAILURES_KEPT }),
          )
        ).Failures ?? [])
      : [];
  return {
    // An import's answer always has its id, though the SDK's model marks every member optional.
    importId: found.ImportId!,
    importStatus: found.ImportStatus,
    statistics: {
      prefixesFound: s.PrefixesFound ?? 0,
      prefixesCompleted: s.PrefixesCompleted ?? 0,
      filesCompleted: s.FilesCompleted ?? 0,
      eventsCompleted: s.EventsCompleted ?? 0,
      failedEntries: s.FailedEntries ?? 0,
    },
    failures: failures.map((f) => ({
      location: f.Location ?? "",
      errorType: f.ErrorType ?? "",
      errorMessage: f.ErrorMessage ?? "",
    })),
    createdTimestamp: found.CreatedTimestamp?.toISOString(),
  };
}

/** StartImport's error; IMP-3's names the running import, which AWS's message does not always do. */
async function startError(err: unknown): Promise<Error> {
  if (errorName(err) !== "AccountHasOngoingImportException") return describeError("StartImport", err);
  const running: string[] = [];
  for (const status of RUNNING) {
    const listed = await cloudTrail()
      .send(new ListImportsCommand({ ImportStatus: status }))
      .catch(() => undefined);
    running.push(...(listed?.Imports ?? []).map((i) => `${i.ImportId} (${i.ImportStatus})`));
  }
  return new Error(
    `StartImport: import ${running.join(", ") || "(not listed)"} is still running; an account runs one import at a time (IMP-3): wait for it, or stop it`,
  );
}

function toApiSource(source: LakeImportInputs["importSource"]): {
  S3: { S3LocationUri: string; S3BucketRegion: string; S3BucketAccessRoleArn: string };
} {
  const s3 = source.s3;
  return {
    S3: {
      S3LocationUri: s3.s3LocationUri,
      S3BucketRegion: s3.s3BucketRegion,
      S3BucketAccessRoleArn: s3.s3BucketAccessRoleArn,
    },
  };
}

const dateOf = (t: string | undefined): Date | undefined => (typeof t === "string" ? new Date(t) : undefined);
