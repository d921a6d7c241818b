import * as pulumi from "@pulumi/pulumi";
import { lazyProvider } from "./lazy-provider";
import type { ResourcePolicyDocument } from "./resource-policy";

/** Where a channel delivers: an event data store of category ActivityAuditLog (CH-1). */
export interface ChannelDestination {
  /** Always `EVENT_DATA_STORE` (CH-1). */
  type: pulumi.Input<"EVENT_DATA_STORE">;
  /** The event data store's ARN (NAME-2). */
  location: pulumi.Input<string>;
}

/** Inputs of a {@link Channel}. */
export interface ChannelArgs {
  /**
   * The channel's name: 3 to 128 letters, digits, `.`, `_` or `-` (NAME-3); changes in place.
   * @default the resource name, a dash and 7 hex digits derived from the project, stack and resource name
   */
  name?: pulumi.Input<string>;
  /** `Custom` for events from outside AWS (PutAuditEvents), or a partner source name; a change replaces the channel (CH-1). */
  source: pulumi.Input<string>;
  /** The stores that receive the events, 1 to 200; compared as a set, changed in place (CH-1, CH-2). */
  destinations: pulumi.Input<pulumi.Input<ChannelDestination>[]>;
  /** Tags, at most 50 (NAME-6). @default {} */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Resource-based policy of the channel (PutResourcePolicy), e.g. which partner may call
   * PutAuditEvents and with which `cloudtrail:ExternalId` (AUD-4): a policy document, as an
   * object or as its JSON text. Check refuses text that is not JSON and statements without
   * Effect or Principal. Compared as JSON; removing it deletes the channel's policy.
   * @default none
   */
  resourcePolicy?: pulumi.Input<string | ResourcePolicyDocument>;
  /**
   * Take over an existing channel of this name and source at create (CH-1), bringing it to the
   * declared settings; undeclared tags and policy stay as the channel has them. @default false
   */
  adopt?: pulumi.Input<boolean>;
}

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
