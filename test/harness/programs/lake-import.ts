import * as pulumi from "@pulumi/pulumi";
import { LakeImport, type LakeImportArgs } from "pulumi-cloudtrail";

/** A LakeImport as a user writes it, its arguments from config so that each run can change them. */
export = function program(): Record<string, pulumi.Output<unknown>> {
  const args = new pulumi.Config("test").requireObject<LakeImportArgs>("spec");
  const lakeImport = new LakeImport("logs", args);
  return { importId: lakeImport.importId, importStatus: lakeImport.importStatus };
};
