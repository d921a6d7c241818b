import type * as pulumi from "@pulumi/pulumi";

/**
 * A plain input shape (sdk/inputs.ts, generated from schema.json) as a program may pass it: any
 * value, at any depth, may be a Pulumi `Input` (an `Output` of another resource, or a promise).
 */
export type Inputs<T> = { [K in keyof T]: pulumi.Input<InputValue<T[K]>> };

/** One value of an input shape, with Pulumi `Input`s allowed inside lists and objects. */
type InputValue<T> = T extends string | number | boolean
  ? T
  : T extends readonly (infer E)[]
    ? pulumi.Input<InputValue<E>>[]
    : Inputs<T>;
