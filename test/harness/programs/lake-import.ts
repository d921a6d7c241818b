import * as pulumi from "@pulumi/pulumi";
import { LakeImport, type LakeImportArgs } from "pulumi-cloudtrail";
import { readSpec } from "./spec";

/** A LakeImport as a user writes it, its arguments from the test's spec so that each run can change them. */
export = function program(): Record<string, pulumi.Output<unknown>> {
  const args = readSpec<LakeImportArgs>();
  const lakeImport = new LakeImport("logs", args);
  return { importId: lakeImport.importId, importStatus: lakeImport.importStatus };
};
