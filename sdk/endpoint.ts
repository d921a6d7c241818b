import { CONFIG_PREFIX_SEPARATOR, loadConfig } from "@smithy/core/config";
import { InvalidArgumentsError } from "./lake-client";

/** The services the data-plane functions call, by the AWS SDK's service id. */
export type Service = "CloudTrail" | "CloudTrail Data" | "S3";

/**
 * Where calls to `service` go, by one rule for every function and CLI command: the given
 * endpoint (option, `--endpoint` or stack config `cloudtrail:endpoint`), then what the AWS SDK
 * reads for a configured endpoint (`AWS_ENDPOINT_URL_CLOUDTRAIL_DATA` or
 * `AWS_ENDPOINT_URL_CLOUDTRAIL`, then `AWS_ENDPOINT_URL`, then the profile's `services` section
 * and `endpoint_url`; none with `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`), else undefined: AWS's
 * endpoint for the region. The SDK's own resolver is internal to its clients, and CloudTrail Data
 * has no client here, so the same selectors are applied through the SDK's config loader.
 * @throws InvalidArgumentsError when the endpoint found is not an http(s) URL
 */
export async function resolveEndpoint(
  fn: string,
  service: Service,
  given: string | undefined,
  profile: string | undefined,
): Promise<string | undefined> {
  const ignore =
    given === undefined &&
    (await loadConfig<boolean>({
      environmentVariableSelector: (env) => env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === "true",
      configFileSelector: (p) => p.ignore_configured_endpoint_urls === "true",
      default: false,
    })());
  const endpoint = given ?? (ignore ? undefined : await loadConfig(configured(service), { profile })());
  if (endpoint !== undefined && !isHttpUrl(endpoint)) {
    const source = given !== undefined ? "endpoint" : `the configured endpoint (${envName(service)})`;
    throw new InvalidArgumentsError(fn, [
      {
        property: "endpoint",
        reason: `${source} ${JSON.stringify(endpoint)} is not a URL such as http://127.0.0.1:4566`,
      },
    ]);
  }
  return endpoint;
}

const envName = (service: Service) => `AWS_ENDPOINT_URL_${service.toUpperCase().replace(/ /g, "_")}`;

/** The AWS SDK's selectors for a configured endpoint (its `getEndpointUrlConfig`), for one service. */
function configured(service: Service) {
  return {
    environmentVariableSelector: (env: Record<string, string | undefined>) =>
      env[envName(service)] || env.AWS_ENDPOINT_URL || undefined,
    configFileSelector: (
      profile: Record<string, string | undefined>,
      config?: Record<string, Record<string, string | undefined>>,
    ) => {
      const section = profile.services
        ? config?.[["services", profile.services].join(CONFIG_PREFIX_SEPARATOR)]
        : undefined;
      const key = [service.toLowerCase().replace(/ /g, "_"), "endpoint_url"].join(CONFIG_PREFIX_SEPARATOR);
      return section?.[key] || profile.endpoint_url || undefined;
    },
    default: undefined as string | undefined,
  };
}

function isHttpUrl(text: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}
