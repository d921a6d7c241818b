// Preloaded (`node --require`, through NODE_OPTIONS) into the harness's processes for the
// convergence benchmark's baseline: the provider's own code, but with the CloudTrail client a
// provider written without CloudTrail's quotas in mind would have: the AWS SDK's defaults
// (standard retries, 3 attempts) and no pacing. Bench-only, so that the package has no option
// that exists only to be compared with.
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import * as client from "../provider/client";

Object.assign(client, {
  createCloudTrailClient: (config: client.CloudTrailConfig) =>
    new CloudTrailClient({
      region: config.region,
      endpoint: config.endpoint,
      profile: config.profile,
      credentials: config.credentials,
    }),
});
