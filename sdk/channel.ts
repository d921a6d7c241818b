import * as pulumi from "@pulumi/pulumi";
import { lazyProvider } from "./lazy-provider";
import type { Inputs } from "./input";
import type { ChannelDestination as PlainChannelDestination, ChannelInputs } from "./inputs";

/** sdk/inputs.ts's ChannelDestination as a program may pass it: every value may be a Pulumi `Input`. */
export interface ChannelDestination extends Inputs<PlainChannelDestination> {}

/** Inputs of a {@link Channel}: every value may be a Pulumi `Input` (shape and docs: schema.json). */
export interface ChannelArgs extends Inputs<ChannelInputs> {}

const provider = lazyProvider("pulumi-cloudtrail/dist/provider/channel", "channelProvider");

/**
 * A CloudTrail Lake channel: events from outside AWS into event data stores. A store it delivers
 * to cannot be deleted while it exists (EDS-11); the dependency on the store's ARN orders the deletes.
 */
export class Channel extends pulumi.dynamic.Resource {
  /** The channel's name (NAME-3). */
  declare readonly name: pulumi.Output<string>;
  /** The channel's ARN; also the resource id; PutAuditEvents takes it. */
  declare readonly arn: pulumi.Output<string>;
  /** The source (CH-1). */
  declare readonly source: pulumi.Output<string>;
  /** The destinations, sorted by location (CH-1, CH-2). */
  declare readonly destinations: pulumi.Output<{ type: "EVENT_DATA_STORE"; location: string }[]>;
  /** The channel's tags (NAME-6). */
  declare readonly tags: pulumi.Output<Record<string, string>>;
  /** The latest ingestion's outcome, as GetChannel last reported it (CH-2); undefined before any. */
  declare readonly ingestionStatus: pulumi.Output<Record<string, string> | undefined>;
  /** The channel's resource policy as compact JSON with sorted keys; undefined when it has none. */
  declare readonly resourcePolicy: pulumi.Output<string | undefined>;
  /** True when create took over an existing channel (`adopt`). */
  declare readonly adopted: pulumi.Output<boolean | undefined>;

  /**
   * Reads an existing channel into the program without managing it.
   * @param name the resource name in this stack
   * @param id the channel's ARN
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Channel {
    return new Channel(name, {} as ChannelArgs, { ...opts, id });
  }

  constructor(name: string, args: ChannelArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.fromEntries(
      ["name", "arn", "source", "destinations", "tags", "resourcePolicy", "ingestionStatus", "adopted"].map(
        (k) => [k, undefined],
      ),
    );
    const naming = { __autoName: name, __stack: `${pulumi.getProject()}/${pulumi.getStack()}` };
    super(provider, name, { ...outputs, ...args, ...naming }, opts, "cloudtrail", "Channel");
  }
}
